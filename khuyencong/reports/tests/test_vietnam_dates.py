"""Report dates are Vietnam's (#20 item 4): at 00:30 in Hà Nội it is already the next day there, although
UTC still reads the day before."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from khuyencong.accounts.models import User
from khuyencong.core import clock
from khuyencong.reports import submission_output, submissions
from khuyencong.reports.models import Submission

AT_0030 = datetime(2026, 7, 1, 0, 30, tzinfo=clock.VIETNAM)  # 30/06/2026 17:30 UTC
DEADLINE = date(2026, 6, 30)  # Biểu 04, first half of 2026


@pytest.fixture
def half_past_midnight(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: AT_0030.astimezone(UTC))


def test_a_report_sent_at_0030_the_day_after_its_deadline_is_late():
    sent = Submission(status="submitted", submitted_at=AT_0030.astimezone(UTC), deadline=DEADLINE)
    _status, late, unfiled = submissions.standing(sent, DEADLINE, date(2026, 7, 1))
    assert late and not unfiled
    in_time = Submission(
        status="submitted",
        submitted_at=datetime(2026, 6, 30, 23, 59, tzinfo=clock.VIETNAM).astimezone(UTC),
        deadline=DEADLINE,
    )
    assert not submissions.standing(in_time, DEADLINE, date(2026, 7, 1))[1]


@pytest.mark.django_db
def test_the_pdf_is_dated_the_pages_today(client, demo, monkeypatch, half_past_midnight):
    documents = []
    monkeypatch.setattr(
        submission_output, "render_pdf", lambda document, body: documents.append(document) or b"%PDF-"
    )
    lamdong = User.objects.get(username="lamdong")
    client.force_login(lamdong)
    page = client.get(reverse("deadlines:list"))
    assert page.context["today"] == date(2026, 7, 1)

    submission = Submission.objects.get(province__code="68", year=2025, form="bieu04")
    submission.submitted_at = None
    submission_output.submission_pdf(submission)
    assert documents[-1].day == page.context["today"]
    assert documents[-1].date_line().endswith("ngày 01 tháng 7 năm 2026")

    submission.submitted_at = timezone.now()  # sent at 00:30, Vietnam's 1 July
    submission_output.submission_pdf(submission)
    assert documents[-1].day == date(2026, 7, 1)
