"""Browser test: an officer creates a cluster, records its establishment, sees status and report change."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def established_count(page, live_server):
    page.goto(f"{live_server.url}/reports/clusters/?province=68&as_of=2025-12-31")
    return int(page.locator("#report-figures tr[data-row=established] td.num").first.inner_text())


def test_create_cluster_record_establishment_and_see_status_and_report(live_server, page, geo):
    from khuyencong.accounts.tests.factories import PASSWORD, PersonaFactory

    personas = PersonaFactory()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "lamdong")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1")
    assert established_count(page, live_server) == 0

    page.goto(live_server.url + "/clusters/add/")
    page.fill("#id_name", "Hòa Bình thử nghiệm")
    page.fill("#id_code", "LD-E2E")
    page.select_option("#id_province", value=str(personas.lam_dong.pk))
    page.fill("#id_planned_area_ha", "50")
    page.fill("#id_latitude", "11.94")
    page.fill("#id_longitude", "108.45")
    page.click("main form button[type=submit]")
    page.wait_for_selector("h1:has-text('Hòa Bình thử nghiệm')")
    assert page.get_attribute("h1 .badge", "data-status") == "no_record"
    # The marker is drawn even without a tile layer (MAP_TILE_URL is empty in tests).
    page.wait_for_selector("#cluster-map[data-markers='1'] path.cluster-marker", state="attached")

    page.click("a[href$='/decisions/add/']")
    page.select_option("#id_kind", value="establishment")
    page.fill("#id_number", "2150/QĐ-UBND")
    page.fill("#id_issued_on", "2025-09-01")
    page.fill("#id_issuing_body_name", "UBND tỉnh Lâm Đồng")
    page.fill("#id_area_ha", "45.5")
    page.click("main form button[type=submit]")
    page.wait_for_selector("tr[data-kind=establishment]")
    assert page.get_attribute("h1 .badge", "data-status") == "established"
    assert "2150/QĐ-UBND" in page.locator("#decisions").inner_text()

    assert established_count(page, live_server) == 1
    assert "45,5 ha" in page.locator("#report-text").inner_text()
