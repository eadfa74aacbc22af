"""Working days: weekends, holidays, moved days off, compensatory working days, provinces' own days."""

from datetime import date

import pytest

from khuyencong.accounts.tests.factories import province
from khuyencong.deadlines import calendar
from khuyencong.deadlines.models import DayOff
from khuyencong.deadlines.reference import load
from khuyencong.deadlines.rules import fixed_deadline
from khuyencong.reports.periods import Period, ReportForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def days(geo):
    load()


def test_tet_2026_is_skipped(days):
    # Friday 13/02/2026 + 1 working day: the Tết holiday runs 14/02–22/02, so Monday 23/02.
    assert calendar.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert not calendar.is_working_day(date(2026, 2, 17))
    assert calendar.working_days_between(date(2026, 2, 13), date(2026, 2, 27)) == 5


def test_compensatory_working_saturday_counts(days):
    # 2025: 2/5 (Friday) off, worked on Saturday 26/4 instead.
    assert calendar.is_working_day(date(2025, 4, 26))
    assert not calendar.is_working_day(date(2025, 5, 2))
    assert calendar.add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)
    assert calendar.add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 5)


def test_weekends_only_without_days_off(days):
    assert calendar.add_working_days(date(2030, 3, 1), 5) == date(2030, 3, 8)  # Friday → next Friday
    assert calendar.add_working_days(date(2030, 3, 1), 0) == date(2030, 3, 1)
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2030, 3, 1), -1)


def test_a_province_extra_day_off_counts_only_there(days):
    lam_dong = province("68")
    DayOff.objects.create(
        date=date(2030, 3, 11),
        name="Ngày nghỉ riêng (thử)",
        kind="day_off",
        province=lam_dong,
        legal_source="thử",
    )
    assert calendar.add_working_days(date(2030, 3, 8), 1, lam_dong) == date(2030, 3, 12)
    assert calendar.add_working_days(date(2030, 3, 8), 1) == date(2030, 3, 11)
    assert calendar.add_working_days(date(2030, 3, 8), 1, province("01")) == date(2030, 3, 11)


def test_report_deadlines_come_from_versioned_rules():
    deadline, version = fixed_deadline("report_bieu04", 2026, "half_year")
    assert deadline == date(2026, 6, 30) and "14/2024" in version.legal_source
    assert Period(2025, "year").deadline(ReportForm.BIEU_04) == date(2025, 12, 31)
    assert Period(2025, "half_year").deadline(ReportForm.BIEU_03) == date(2025, 6, 25)
    assert Period(2025, "year").deadline(ReportForm.BIEU_01) == date(2025, 12, 20)


def test_tt14_report_deadlines_apply_from_its_effect_not_its_signing():
    # TT 14/2024/TT-BCT was signed on 15/8/2024 and took effect on 1/10/2024 (DOMAIN §2.1, S8).
    from khuyencong.deadlines.rules import rule

    for form in ("bieu01", "bieu02", "bieu03", "bieu04"):
        version = rule(f"report_{form}", date(2024, 10, 1))
        assert version.valid_from == date(2024, 10, 1), form
        assert version.in_force(date(2024, 10, 1)) and not version.in_force(date(2024, 9, 30))
        assert "01/10/2024" in version.valid_from_source and "15/8/2024" in version.valid_from_source


def test_cluster_procedure_deadlines_use_working_days(days):
    from khuyencong.clusters.choices import DecisionKind
    from khuyencong.clusters.rules import procedure_deadlines
    from khuyencong.clusters.tests.factories import ClusterFactory, decide

    cluster = ClusterFactory(province=province("68"))
    dossier = decide(cluster, DecisionKind.DOSSIER_SUBMISSION, date(2026, 1, 9))
    steps = {s.code: s for s in procedure_deadlines(cluster, [dossier])}
    # 25 days of appraisal → 03/02/2026; then 7 working days → 12/02/2026 (before Tết).
    assert steps["appraisal"].due == date(2026, 2, 3)
    assert steps["decision"].due == date(2026, 2, 12)
    late = decide(cluster, DecisionKind.DOSSIER_SUBMISSION, date(2026, 1, 14))
    steps = {s.code: s for s in procedure_deadlines(cluster, [dossier, late])}
    # appraisal → 08/02 (Sunday); 7 working days skip Tết (16–20/02) → 18... counted: 9,10,11,12,13,23,24.
    assert steps["decision"].due == date(2026, 2, 24)
    assert not steps["decision"].done


def test_calendar_page(client, personas, days):
    client.force_login(personas.lamdong)
    page = client.get("/deadlines/calendar/", {"year": 2026, "start": "2026-02-13", "days": 1})
    assert page.status_code == 200
    text = page.content.decode()
    assert "23/02/2026" in text and "Tết Nguyên đán" in text
