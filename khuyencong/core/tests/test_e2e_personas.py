"""Browser test per demo persona: home and menu at 1366×768 and 360×740, with screenshots.

Fails on any console error, any menu link answering 403 and any horizontal scroll on a phone. The
screenshots are in the test's tmp_path (printed with -s) to look at after a layout change."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 360, "height": 740}
SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
WIDEST = """() => Array.from(document.querySelectorAll("main *"))
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 3).map((e) => e.tagName + "." + e.className + "#" + e.id)"""


PERSONAS = ["lamdong", "hanoi", "trunguong", "nhadautu", "ctv"]


def test_each_persona_walks_home_and_menu(live_server, page, demo, tmp_path):
    """One demo load for the five personas (a transactional test reloads it each time: minutes on CI)."""
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    for persona in PERSONAS:
        page.context.clear_cookies()
        walk(page, live_server, persona, tmp_path)
        assert errors == [], persona
    print(f"screenshots: {tmp_path}")


def walk(page, live_server, persona, tmp_path):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", persona)
    page.fill("#id_password", "khuyencong-demo")
    page.click("button[type=submit]")
    page.wait_for_selector(".home-cards")

    # Desktop: the menu is one row under the top bar, the page keeps a margin, each group opens.
    links = page.eval_on_selector_all("#main-menu a", "links => links.map(a => a.getAttribute('href'))")
    assert links and len(links) == len(set(links))
    box = page.locator("#main-menu > ul").bounding_box()
    assert box["height"] < 60, "the menu wraps"
    assert page.locator("main h1").bounding_box()["x"] >= 16, "the content touches the window's edge"
    page.screenshot(path=tmp_path / f"{persona}-home-1366.png", full_page=True)
    page.locator("#main-menu summary").first.click()
    page.screenshot(path=tmp_path / f"{persona}-menu-1366.png")
    for url in links:
        status = page.request.get(live_server.url + url).status
        assert status == 200, (url, status)

    # Phone: the menu hides behind a button; no page of the menu scrolls sideways.
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    page.screenshot(path=tmp_path / f"{persona}-home-360.png", full_page=True)
    assert not page.locator("#main-menu").is_visible()
    assert not page.evaluate(SCROLLS_SIDEWAYS), "/"
    page.click(".menu-toggle")
    page.locator("#main-menu summary").first.click()
    page.screenshot(path=tmp_path / f"{persona}-menu-360.png")
    for url in links:
        page.goto(live_server.url + url)
        if page.evaluate(SCROLLS_SIDEWAYS):
            page.screenshot(path=tmp_path / f"{persona}-sideways-360.png", full_page=True)
            pytest.fail(f"{url} scrolls sideways at 360 px: {page.evaluate(WIDEST)}")
    page.screenshot(path=tmp_path / f"{persona}-last-360.png", full_page=True)
