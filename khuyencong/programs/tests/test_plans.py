"""Annual plans are created and edited in the UI, with their assigning decision as data, within scope."""

from datetime import date

import pytest

from khuyencong.correspondence.models import Correspondence
from khuyencong.programs.choices import Level
from khuyencong.programs.models import Plan
from khuyencong.programs.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def form_data(personas, programme, **extra):
    return {
        "programme": programme.pk,
        "level": Level.LOCAL,
        "year": 2026,
        "province": personas.lam_dong.pk,
        "budget_vnd": 3_500_000_000,
        "note": "",
        "decision_number": "215/QĐ-UBND",
        "decision_date": "2026-01-20",
        "decision_issuer": "UBND tỉnh Lâm Đồng",
        **extra,
    }


def test_officer_creates_and_edits_a_plan_with_its_decision(client, personas, ref):
    programme = ProgrammeFactory(level=Level.LOCAL, province=personas.lam_dong)
    client.force_login(personas.lamdong)
    response = client.post("/programs/plans/new/", form_data(personas, programme))
    assert response.status_code == 302, response.content.decode()[-3000:]
    plan = Plan.objects.get(province=personas.lam_dong, year=2026)
    assert plan.budget_vnd == 3_500_000_000
    assert (plan.decision.number, plan.decision.issued_on) == ("215/QĐ-UBND", date(2026, 1, 20))
    assert plan.history.first().history_user == personas.lamdong
    page = client.get(f"/programs/plans/{plan.pk}/edit/").content.decode()
    assert "215/QĐ-UBND" in page
    response = client.post(
        f"/programs/plans/{plan.pk}/edit/",
        form_data(personas, programme, budget_vnd=4_000_000_000, decision_number="216/QĐ-UBND"),
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.budget_vnd == 4_000_000_000 and plan.decision.number == "216/QĐ-UBND"
    # The corrected number is a change like any other: kept in the document's history, by the officer,
    # and the correspondence register finds the document by its new number (not by the old one).
    latest = plan.decision.history.first()
    assert (latest.number, latest.history_user) == ("216/QĐ-UBND", personas.lamdong)
    assert plan.decision.history.count() == 2
    register = Correspondence.objects.filter(programme_document=plan.decision)
    assert register.search("216/QĐ-UBND").exists() and not register.search("215/QĐ-UBND").exists()


def test_plan_rules_and_scope(client, personas, ref):
    programme = ProgrammeFactory(level=Level.LOCAL, start_year=2021, end_year=2025)
    client.force_login(personas.lamdong)
    response = client.post("/programs/plans/new/", form_data(personas, programme))
    assert response.status_code == 200 and not Plan.objects.exists()  # 2026 outside 2021–2025
    client.force_login(personas.hanoi)
    response = client.post("/programs/plans/new/", form_data(personas, ProgrammeFactory(level=Level.LOCAL)))
    assert response.status_code == 200 and not Plan.objects.exists()  # Lâm Đồng is not Hà Nội's
