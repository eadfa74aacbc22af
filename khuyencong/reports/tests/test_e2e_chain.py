"""Browser test (issue 20): the TT 14/2024 chain with the demo logins. The enterprise files Biểu 01, the
infrastructure investor Biểu 02, the commune Biểu 03, the Sở Biểu 04; each level returns one report with a
comment to the level below and accepts it corrected; the central agency accepts the province's Biểu 04,
built from the accepted reports below."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PERIOD = "2026-nam"


def test_the_chain_from_the_enterprise_to_the_central_agency(live_server, page, demo):
    from khuyencong.accounts.demo import DEMO_PASSWORD
    from khuyencong.accounts.models import RoleAssignment, User
    from khuyencong.clusters.models import Cluster, TenantProject
    from khuyencong.reports.models import Submission

    cluster = Cluster.objects.get(name="Thuận An")
    project = TenantProject.objects.get(cluster=cluster, investor__name__startswith="Công ty TNHH Cà phê")
    investor = User.objects.create_user("trungtam", password=DEMO_PASSWORD)  # Thuận An's public centre
    RoleAssignment.objects.create(user=investor, role="investor", organisation=cluster.investor)
    chain = f"{live_server.url}/reports/submissions/chain/?period={PERIOD}"

    def login(username):
        page.context.clear_cookies()
        page.goto(live_server.url + "/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(live_server.url + "/")

    def step(name, comment=""):
        if comment:
            page.fill("#step-form textarea[name=comment]", comment)
        page.click(f"#step-form button[value={name}]")
        page.wait_for_selector("#submission-status")

    def prepare(form, subject):
        page.goto(chain)
        page.click(f"#chain tr[data-form='{form}'][data-subject='{subject}'] button")
        page.wait_for_selector("#draft-form")
        return page.url

    def fill(values):
        for key, value in values.items():
            page.fill(f"#id_{key}", value)
        page.click("#draft-form button")
        page.wait_for_selector("#draft-form")

    def review(url, comment):
        page.goto(url)
        step("return", comment)
        assert comment in page.locator("#review-comment").inner_text()

    def status(url):
        page.goto(url)
        return page.locator("#submission-status").get_attribute("class")

    # Biểu 01: the enterprise, for its coffee plant.
    login("doanhnghiep")
    form01 = prepare("bieu01", project.pk)
    fill(
        {
            "revenue_billion_vnd": "12,5",
            "budget_billion_vnd": "0,8",
            "workers": "45",
            "average_income_million_vnd": "7,2",
        }
    )
    step("submit")
    # Biểu 02: the infrastructure investor, for its cluster.
    login("trungtam")
    form02 = prepare("bieu02", cluster.pk)
    fill(
        {
            "total_investment_billion_vnd": "150",
            "invested_billion_vnd": "60",
            "industrial_land_ready_ha": "30",
            "leased_ha": "12",
            "revenue_billion_vnd": "2",
            "budget_billion_vnd": "0,1",
            "workers": "8",
            "average_income_million_vnd": "6",
            "wastewater_invested": "1",
            "wastewater_compliant": "0",
        }
    )
    step("submit")

    # The UBND xã returns each once, then accepts them corrected.
    login("xa")
    review(form01, "Ghi rõ số lao động có hợp đồng")
    review(form02, "Bổ sung vốn đã thanh toán")
    login("doanhnghiep")
    page.goto(form01)
    fill({"workers": "44"})
    step("submit")
    login("trungtam")
    page.goto(form02)
    fill({"invested_billion_vnd": "62"})
    step("submit")
    login("xa")
    for url in (form01, form02):
        page.goto(url)
        step("accept")
        assert status(url).endswith("success")

    # Biểu 03: the UBND xã, from what it accepted; the Sở returns it once.
    form03 = prepare("bieu03", Submission.objects.get(pk=form01.rstrip("/").rsplit("/", 1)[1]).commune_id)
    assert "12,5" in page.locator("#table-1").inner_text()
    step("submit")
    login("lamdong")
    review(form03, "Nêu khó khăn của cụm")
    login("xa")
    page.goto(form03)
    fill({"difficulties": "Thiếu vốn xây trạm xử lý nước thải"})
    step("submit")
    login("lamdong")
    page.goto(form03)
    step("accept")

    # Biểu 04: the Sở, from the accepted Biểu 03; the central agency returns it once, then accepts it.
    form04 = prepare("bieu04", Submission.objects.get(pk=form03.rstrip("/").rsplit("/", 1)[1]).province_id)
    lines = page.locator("#table-1").inner_text()
    assert "12,5" in lines and "Thiếu báo cáo" in lines
    step("submit")
    login("trunguong")
    review(form04, "Bổ sung số liệu các xã chưa báo cáo")
    login("lamdong")
    page.goto(form04)
    fill({"proposals": "Đôn đốc các xã báo cáo"})
    step("submit")
    login("trunguong")
    page.goto(form04)
    step("accept")
    assert page.locator("#submission-status").get_attribute("class").endswith("success")

    accepted = Submission.objects.filter(year=2026, period_kind="year", status="accepted")
    assert sorted(accepted.values_list("form", flat=True)) == ["bieu01", "bieu02", "bieu03", "bieu04"]
    for submission in accepted:
        assert [e.action for e in submission.events.all()] == ["open", "submit", "return", "submit", "accept"]
    revenue = next(r for r in accepted.get(form="bieu04").figures["rows"] if r["no"] == "23")
    assert revenue["value"] == 12.5 and revenue["reported"] == 1
