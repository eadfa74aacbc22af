"""Working days: weekends, holidays, moved days off, compensatory working days, provinces' own days."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

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


def test_weekends_only_between_holidays(days):
    assert calendar.add_working_days(date(2026, 3, 6), 5) == date(2026, 3, 13)  # Friday → next Friday
    assert calendar.add_working_days(date(2026, 3, 6), 0) == date(2026, 3, 6)
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2026, 3, 6), -1)


def test_tet_2027_is_known_but_not_yet_checked(days):
    # Tết Đinh Mùi: mùng 1 = Saturday 06/02/2027; off from Friday 05/02 to Thursday 11/02 (estimate).
    assert calendar.add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 12)
    assert not calendar.is_working_day(date(2027, 4, 16))  # Giỗ Tổ Hùng Vương, 10/3 âm lịch
    assert not DayOff.objects.filter(date__year=2027, verified=True).exists()


def test_a_year_the_calendar_does_not_know_is_never_counted_silently(days, caplog):
    with pytest.raises(calendar.CalendarMissing) as missing:
        calendar.add_working_days(date(2027, 12, 24), 10)
    assert missing.value.year == 2028 and "2028" in str(missing.value)
    assert missing.value.earliest == date(2028, 1, 7)  # weekends only: the deadline is that day or later
    assert "No days-off calendar for 2028" in caplog.text
    with pytest.raises(calendar.CalendarMissing):
        calendar.is_working_day(date(2028, 3, 1))
    with pytest.raises(calendar.CalendarMissing):
        calendar.working_days_between(date(2027, 12, 1), date(2028, 1, 10))


def test_a_province_extra_day_off_counts_only_there(days):
    lam_dong = province("68")
    DayOff.objects.create(
        date=date(2026, 3, 9),
        name="Ngày nghỉ riêng (thử)",
        kind="day_off",
        province=lam_dong,
        legal_source="thử",
    )
    assert calendar.add_working_days(date(2026, 3, 6), 1, lam_dong) == date(2026, 3, 10)
    assert calendar.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)
    assert calendar.add_working_days(date(2026, 3, 6), 1, province("01")) == date(2026, 3, 9)
    # A province's own day off does not make a year known.
    DayOff.objects.create(
        date=date(2030, 3, 11), name="x", kind="day_off", province=lam_dong, legal_source="x"
    )
    with pytest.raises(calendar.CalendarMissing):
        calendar.add_working_days(date(2030, 3, 8), 1, lam_dong)


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


def test_a_procedure_deadline_past_the_calendar_says_so(days, personas):
    from khuyencong.clusters.choices import DecisionKind
    from khuyencong.clusters.due import items
    from khuyencong.clusters.rules import check_cluster, procedure_deadlines
    from khuyencong.clusters.tests.factories import ClusterFactory, decide

    cluster = ClusterFactory(province=province("68"))
    dossier = decide(cluster, DecisionKind.DOSSIER_SUBMISSION, date(2027, 12, 10))
    steps = {s.code: s for s in procedure_deadlines(cluster, [dossier])}
    # Appraisal: 25 days → 04/01/2028; then 7 working days of 2028, a year without days off loaded.
    assert steps["appraisal"].due == date(2028, 1, 4) and not steps["appraisal"].missing_calendar
    assert "2028" in steps["decision"].missing_calendar
    due = [i for i in items(personas.lamdong, date(2027, 12, 10), date(2028, 12, 31)) if "decision" in i.key]
    assert due and "2028" in due[0].detail
    warnings = check_cluster(cluster, decisions=[dossier], today=date(2028, 3, 1))
    assert [w.code for w in warnings if w.code in ("calendar_missing", "processing_deadline")] == [
        "calendar_missing"
    ]


def test_calendar_page_does_not_count_through_an_unknown_year(client, personas, days):
    client.force_login(personas.lamdong)
    page = client.get("/deadlines/calendar/", {"year": 2028, "start": "2028-03-01", "days": 5})
    assert page.status_code == 200 and page.context["result"] is None
    assert "2028" in page.content.decode()
    assert page.context["form"].errors["days"]


def test_calendar_load_replaces_a_years_estimates_by_the_announcement(days, tmp_path):
    announcement = {
        "source": "Thông báo lịch nghỉ năm 2027 (thử)",
        "days": [
            {"date": "2027-01-01", "name": "Tết Dương lịch", "kind": "holiday"},
            {"date": "2027-02-05", "name": "Tết Nguyên đán", "kind": "holiday"},
            {"date": "2027-02-12", "name": "Nghỉ Tết (hoán đổi)", "kind": "day_off"},
            {"date": "2027-02-20", "name": "Làm bù", "kind": "workday"},
        ],
    }
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(announcement, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("calendar", "load", str(path), stdout=out)
    assert "2027: 4" in out.getvalue()
    year = DayOff.objects.filter(date__year=2027, province__isnull=True)
    assert year.count() == 4 and all(d.verified for d in year)
    assert calendar.add_working_days(date(2027, 2, 11), 1) == date(2027, 2, 15)
    # Setup again: the shipped estimates do not come back over the announcement.
    load()
    assert DayOff.objects.filter(date__year=2027, province__isnull=True).count() == 4

    csv_file = tmp_path / "2028.csv"
    csv_file.write_text("date,name,kind,source\n2028-01-01,Tết Dương lịch,holiday,Thông báo 2028 (thử)\n")
    call_command("calendar", "load", str(csv_file), stdout=io.StringIO())
    assert calendar.add_working_days(date(2027, 12, 31), 1) == date(2028, 1, 3)

    bad = tmp_path / "bad.csv"
    bad.write_text("date,name,kind,source\n2028-13-01,x,holiday,y\n")
    with pytest.raises(CommandError, match="row 1"):
        call_command("calendar", "load", str(bad))
