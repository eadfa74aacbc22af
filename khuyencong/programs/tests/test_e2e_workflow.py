"""Browser test: a Lâm Đồng officer takes a đề án from approved to accepted, with a stop request refused."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_approved_to_accepted_with_a_refused_stop(live_server, page, geo):
    from khuyencong.accounts.tests.factories import PASSWORD, PersonaFactory
    from khuyencong.programs.choices import Status
    from khuyencong.programs.models import StatusChange
    from khuyencong.programs.reference import load

    from .factories import drive, project

    load()
    personas = PersonaFactory()
    p = drive(project(personas.lam_dong), Status.APPROVED_IN_PLAN, personas)

    page.goto(live_server.url + "/")
    page.fill("#id_username", "lamdong")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    detail = f"{live_server.url}/programs/{p.pk}/"

    def step(name, **fields):
        page.goto(detail)
        page.click(f"[data-step={name}]")
        page.wait_for_selector("#confirm-step")
        for field, value in fields.items():
            page.fill(f"#id_{field}", value)
        page.click("#confirm-step")
        page.wait_for_url(detail)

    step("contract", number="15/HĐ-KC", issued_on="2026-03-01")
    step("start")
    step("request_stop", reason="Cơ sở xin dừng do chậm giao máy")
    # Refusing the stop is the province's decision for a local đề án.
    step("refuse_stop", number="22/SCT-KC", issued_on="2026-07-01", note="Tiếp tục thực hiện")
    step("complete", number="30/BC", issued_on="2026-10-01")
    # Acceptance needs its minutes: without them the form stays and says so.
    page.goto(detail)
    page.click("[data-step=accept]")
    page.wait_for_selector("#confirm-step")
    page.click("#confirm-step")
    page.wait_for_selector(".field-error")
    page.fill("#id_number", "BBNT-07")
    page.fill("#id_issued_on", "2026-11-01")
    page.click("#confirm-step")
    page.wait_for_url(detail)
    page.wait_for_selector("#timeline")

    p.refresh_from_db()
    assert p.status == Status.ACCEPTED
    assert list(StatusChange.objects.filter(project=p).values_list("transition", flat=True).order_by("id"))[
        -7:
    ] == [
        "approve",
        "contract",
        "start",
        "request_stop",
        "refuse_stop",
        "complete",
        "accept",
    ]
    assert p.stop_requests.get().status == "refused"
    assert "BBNT-07" in page.locator("#timeline").inner_text()
    # The only step left is the settlement.
    assert [el.get_attribute("data-step") for el in page.locator("[data-step]").all()] == ["settle"]
