"""The promotion report reproduces the seed figures from individual records, and respects scoping."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from khuyencong.programs.choices import Level, Status
from khuyencong.reports import promotion_report
from khuyencong.reports.common import ReportArea

pytestmark = pytest.mark.django_db


def test_demo_reproduces_the_seed_report(demo):
    out = StringIO()
    call_command(
        "report",
        "promotion",
        "--province",
        "Đắk Nông",
        "--from-year",
        "2022",
        "--to-year",
        "2023",
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert (data["national"]["carried_out"], data["national"]["support_million_vnd"]) == (8, 7040)
    assert data["local"]["approved"] == 15
    assert (data["local"]["carried_out"], data["local"]["support_million_vnd"]) == (14, 3362)
    assert data["local"]["stopped"] == 1
    assert data["local"]["stop_requests_pending"] == 1  # a pending stop request is not a stop
    out = StringIO()
    call_command(
        "report",
        "promotion",
        "--province",
        "dak nong",
        "--from-year",
        "2022",
        "--to-year",
        "2023",
        "--format",
        "text",
        stdout=out,
    )
    text = out.getvalue()
    assert "7.040 triệu đồng" in text and "14/15" in text and "3.362 triệu đồng" in text


def test_boundaries_roll_up_into_today_lam_dong(demo):
    today = promotion_report.build(
        ReportArea.resolve("Lâm Đồng", date(2026, 1, 1)), from_year=2022, to_year=2023
    )
    assert today["national"]["support_million_vnd"] == 7040 and today["local"]["carried_out"] == 14
    before = promotion_report.build(
        ReportArea.resolve("Lâm Đồng", date(2025, 6, 30)), from_year=2022, to_year=2023
    )
    assert before["national"]["approved"] == 0


def test_report_is_restricted_to_what_the_user_sees(personas, ref):
    from khuyencong.programs.tests.factories import drive, project

    drive(project(personas.lam_dong, support=300, total=1000), Status.IN_PROGRESS, personas)
    drive(project(personas.lam_dong, level=Level.NATIONAL, support=500, total=2000), Status.STOPPED, personas)
    drive(project(personas.lam_dong, support=100, total=1000), Status.STOP_REQUESTED, personas)
    project(personas.lam_dong, support=999, total=9990)  # a draft is not approved
    area = ReportArea.resolve("68", date(2026, 12, 31))
    data = promotion_report.build(area, from_year=2026, to_year=2026, user=personas.lamdong)
    assert data["local"] == {
        "approved": 2,
        "carried_out": 2,
        "stopped": 0,
        "stop_requests_pending": 1,
        "support_million_vnd": 400,
        "approved_support_million_vnd": 400,
    }
    assert (data["national"]["approved"], data["national"]["carried_out"], data["national"]["stopped"]) == (
        1,
        0,
        1,
    )
    hidden = promotion_report.build(area, from_year=2026, to_year=2026, user=personas.hanoi)
    assert hidden["local"]["approved"] == 0 and hidden["national"]["approved"] == 0
    assert (
        promotion_report.build(area, from_year=2026, to_year=2026, user=personas.central)["local"]["approved"]
        == 2
    )


def test_report_page(client, personas, ref):
    from khuyencong.programs.tests.factories import drive, project

    drive(project(personas.lam_dong, support=300, total=1000), Status.IN_PROGRESS, personas)
    client.force_login(personas.lamdong)
    response = client.get(
        reverse("reports:promotion"), {"province": "lam dong", "from_year": 2026, "to_year": 2026}
    )
    assert response.status_code == 200
    assert response.context["data"]["local"]["carried_out"] == 1
    assert "300 triệu đồng" in response.context["text"]
    client.force_login(personas.hanoi)  # another province: refused, not answered with zeros
    response = client.get(
        reverse("reports:promotion"), {"province": "lam dong", "from_year": 2026, "to_year": 2026}
    )
    assert response.status_code == 403
