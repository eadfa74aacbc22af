"""Browser test: the dashboard draws its charts and map with no console error; the catalogue is public."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAINTED = """(canvas) => {
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i]) painted += 1;
  return painted;
}"""


AXES = """(key) => {
  const chart = Chart.getChart(document.querySelector(`canvas[data-chart="${key}"]`));
  const value = chart.options.indexAxis === "y" ? "x" : "y";
  const category = value === "x" ? "y" : "x";
  return {
    ticks: chart.scales[value].ticks.map((tick) => tick.value),
    value: chart.options.scales[value].title.text,
    category: chart.options.scales[category].title.text,
  };
}"""


def watch_console(page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def test_dashboard_draws_charts_and_map(live_server, page, demo):
    errors = watch_console(page)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "trunguong")
    page.fill("#id_password", "khuyencong-demo")
    page.click("button[type=submit]")
    page.wait_for_selector("h1")
    page.click("#main-menu details:has(a[href='/reports/dashboard/']) summary")
    page.click("nav a[href='/reports/dashboard/']")
    page.wait_for_selector("#dashboard-map[data-markers]")

    canvases = page.locator("canvas[data-chart]")
    assert canvases.count() == 5
    for index in range(canvases.count()):
        canvas = canvases.nth(index)
        assert canvas.get_attribute("data-drawn") == "true", canvas.get_attribute("data-chart")
        assert canvas.evaluate(PAINTED) > 100, canvas.get_attribute("data-chart")

    map_element = page.locator("#dashboard-map")
    markers = int(map_element.get_attribute("data-markers"))
    assert markers > 0 and page.locator("#dashboard-map path.cluster-marker").count() == markers
    # Unticking a status hides its clusters from the map.
    box = page.locator("input[data-map-status=planned]")
    planned = int(page.locator("#cluster-status tr[data-status=planned] a").inner_text())
    box.uncheck()
    assert int(map_element.get_attribute("data-visible")) == markers - planned
    assert page.locator("#dashboard-map path.cluster-marker").count() == markers - planned
    box.check()
    assert int(map_element.get_attribute("data-visible")) == markers

    # Counts tick in whole numbers (0, 1, 2, never 0,5) and both axes are titled, the value axis with its
    # unit; the map without tiles says why it is blank (#19).
    axes = page.evaluate(AXES, "cluster-occupancy")
    assert axes["ticks"] and all(float(value).is_integer() for value in axes["ticks"])
    assert axes["value"] == "Số cụm công nghiệp" or axes["value"] == "Number of clusters"
    assert axes["category"]
    money = page.evaluate(AXES, "promotion-money")
    assert "triệu đồng" in money["value"] or "million VND" in money["value"]
    assert page.locator("#dashboard-map-note").is_visible()
    assert map_element.get_attribute("aria-describedby") == "dashboard-map-note"

    # The grid map of the 34 provinces: each cell a link, reached and followed from the keyboard.
    assert page.locator("#province-map li[data-province] a").count() == 34
    page.locator("#province-map li[data-province='68'] a").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/reports/dashboard/?province=68*")
    assert "Lâm Đồng" in page.locator("h1").inner_text()
    page.go_back()
    page.wait_for_selector("#dashboard-map[data-markers]")

    # A figure opens the list behind it, with as many records.
    overdue = page.locator("[data-figure=overdue]").inner_text()
    page.click("[data-figure=overdue]")
    page.wait_for_url("**/programs/?overdue=true")
    assert page.locator("main table tbody tr").count() == int(overdue)

    # The former Đắk Nông by the boundaries of 30/06/2025.
    page.goto(live_server.url + "/reports/dashboard/?province=dak+nong&boundaries=2025-06-30")
    page.wait_for_selector("#dashboard-map[data-markers]")
    assert page.locator("[data-figure=clusters-total]").inner_text() == "11"
    assert errors == []


def test_catalogue_works_without_signing_in(live_server, page, demo):
    errors = watch_console(page)
    page.goto(live_server.url + "/catalogue/")
    assert page.locator("table#catalogue tbody tr").count() >= 2
    page.fill("input[name=q]", "thuan an")
    page.click("#catalogue-form button[type=submit]")
    page.wait_for_url("**/catalogue/?q=thuan+an*")
    rows = page.locator("table#catalogue tbody tr")
    assert rows.count() == 1 and "Thuận An" in rows.inner_text() and "14,10 ha" in rows.inner_text()
    page.select_option("select[name=language]", "en")
    page.wait_for_selector("html[lang=en]")
    assert "Industrial clusters with land for lease" in page.locator("h1").inner_text()
    assert page.locator("table#catalogue tbody tr").count() == 1  # the search is kept
    assert errors == []
