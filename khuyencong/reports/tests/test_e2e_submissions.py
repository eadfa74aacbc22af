"""Browser test (issue 7): Lâm Đồng submits its 6-month report, the central agency returns it with a comment,
the officer corrects and resubmits, the central agency accepts; the accepted report no longer changes."""

from datetime import date
from decimal import Decimal

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_submit_return_resubmit_accept_in_the_browser(live_server, page, geo):
    from khuyencong.accounts.tests.factories import PASSWORD, PersonaFactory
    from khuyencong.clusters.tests.factories import LandRecordFactory, established_cluster
    from khuyencong.reports.models import Submission

    personas = PersonaFactory()
    cluster = established_cluster(area="40.00", province=personas.dak_nong, name="Thuận An")
    LandRecordFactory(cluster=cluster, period_end=date(2026, 3, 31), industrial_land_ha=Decimal("30"))
    overview = f"{live_server.url}/reports/submissions/?form=bieu04&period=2026-6t"

    def login(username):
        page.context.clear_cookies()
        page.goto(live_server.url + "/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(live_server.url + "/")

    def step(name, comment=""):
        if comment:
            page.fill("#step-form textarea[name=comment]", comment)
        page.click(f"#step-form button[value={name}]")
        page.wait_for_selector("#submission-status")

    login("lamdong")
    page.goto(overview)
    page.click("tr[data-province='68'] button")
    page.wait_for_selector("#draft-form")
    assert "Thuận An" in page.locator("#report-text").inner_text()
    page.fill("#id_difficulties", "Thiếu vốn đầu tư hạ tầng")
    page.click("#draft-form button")
    page.wait_for_selector("#draft-form")
    step("submit")
    detail = page.url
    assert page.locator("#submission-status").get_attribute("class").endswith("warning")

    login("central")
    page.goto(overview)
    assert page.locator("tr[data-province='68']").get_attribute("data-status") == "submitted"
    assert page.locator("tr[data-status='not_started']").count() == 33
    page.click("tr[data-province='68'] a")
    step("return", comment="Bổ sung số lao động của các dự án")
    assert "Bổ sung số lao động" in page.locator("#review-comment").inner_text()

    login("lamdong")
    page.goto(detail)
    assert "Bổ sung số lao động" in page.locator("#review-comment").inner_text()
    page.fill("#id_proposals", "Đề nghị hỗ trợ kinh phí hạ tầng")
    page.click("#draft-form button")
    page.wait_for_selector("#draft-form")
    step("submit")

    login("central")
    page.goto(detail)
    step("accept", comment="Đạt yêu cầu")
    assert page.locator("#submission-status").get_attribute("class").endswith("success")
    before = page.locator("#table-1").inner_text()

    # A record changes after acceptance: the accepted report stays, the difference is shown.
    # (Biểu 04's land lines now add up the accepted Biểu 02/03 below; the count of projects is live.)
    from khuyencong.clusters.models import TenantProject

    TenantProject.objects.create(cluster=cluster, name="Xưởng mới (minh họa)", status="operating")
    page.goto(detail)
    assert page.locator("#table-1").inner_text() == before
    assert page.locator("#differences").count() == 1
    submission = Submission.objects.get(province=personas.lam_dong, year=2026, period_kind="half_year")
    assert submission.status == "accepted"
    assert [e.action for e in submission.events.all()] == ["open", "submit", "return", "submit", "accept"]
