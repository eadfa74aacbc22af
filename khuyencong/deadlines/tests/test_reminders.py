"""Due lists per user and e-mail reminders: right people, right items, each reminder once, opt-out."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from khuyencong.accounts.models import User
from khuyencong.deadlines.due import collect
from khuyencong.deadlines.models import ReminderPreference, ReminderSent
from khuyencong.deadlines.reminders import send_reminders

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 25)


def user(name, email=True):
    u = User.objects.get(username=name)
    if email:
        u.email = f"{name}@example.vn"
        u.save()
    return u


def test_each_user_sees_only_their_items(demo):
    lamdong, hanoi, ctv = user("lamdong"), user("hanoi"), user("ctv")
    mine = collect(lamdong, TODAY)
    keys = {i.key for i in mine}
    # Lâm Đồng must still file its Biểu 04 for the first half of 2026 (due 30/06/2026).
    assert "report:bieu04:2026-6t:68" in keys
    # The demo recommendations' deadlines are set relative to the day the demo is loaded.
    now = {i.key for i in collect(lamdong, date.today())}
    assert any(k.startswith("recommendation:") for k in now)
    assert any(k.startswith("correspondence:") for k in now)  # the demo letter whose reply is overdue
    assert not any(k.endswith(":01") for k in keys)
    theirs = {i.key for i in collect(hanoi, TODAY)}
    assert "report:bieu04:2026-6t:01" in theirs and "report:bieu04:2026-6t:68" not in theirs
    assert not any(i.key.startswith("recommendation:") for i in collect(hanoi, date.today()))
    # The demo's open survey assignment belongs to another collaborator: the officer sees it, ctv does not.
    assert any(i.key.startswith("assignment:") for i in collect(lamdong, date(2030, 1, 1)))
    survey = {i.key for i in collect(ctv, date(2030, 1, 1))}
    assert not any(k.startswith(("assignment:", "report:", "project:")) for k in survey)


def test_reminders_are_sent_once_and_respect_opt_out(demo, settings):
    settings.REMINDER_LEAD_DAYS = 7
    lamdong, hanoi = user("lamdong"), user("hanoi")
    first = send_reminders(TODAY)
    assert first["emails"] >= 2
    to_lamdong = [m for m in mail.outbox if m.to == ["lamdong@example.vn"]]
    assert len(to_lamdong) == 1 and "Biểu 04" in to_lamdong[0].body
    sent = ReminderSent.objects.count()
    again = send_reminders(TODAY)
    assert again["emails"] == 0 and ReminderSent.objects.count() == sent
    # The deadline passes: one more reminder, stage overdue, then silence again.
    later = send_reminders(TODAY + timedelta(days=6))
    assert later["emails"] >= 1
    assert (
        ReminderSent.objects.filter(
            user=lamdong, item_key="report:bieu04:2026-6t:68", stage="overdue"
        ).count()
        == 1
    )
    ReminderPreference.objects.create(user=hanoi, email_reminders=False)
    mail.outbox.clear()
    send_reminders(TODAY + timedelta(days=40))
    assert not [m for m in mail.outbox if m.to == ["hanoi@example.vn"]]


def test_filed_report_is_no_longer_due(demo):
    from khuyencong.accounts.tests.factories import province
    from khuyencong.reports import submissions
    from khuyencong.reports.periods import Period, ReportForm

    lamdong = user("lamdong")
    s = submissions.open_draft(
        form=ReportForm.BIEU_04, period=Period(2026, "half_year"), province=province("68"), actor=lamdong
    )
    assert "report:bieu04:2026-6t:68" in {i.key for i in collect(lamdong, TODAY)}
    submissions.submit(s, actor=lamdong)
    assert "report:bieu04:2026-6t:68" not in {i.key for i in collect(lamdong, TODAY)}


def test_command_and_page(client, demo):
    user("lamdong")
    call_command("reminders", "--date", TODAY.isoformat(), "--dry-run")
    assert not mail.outbox
    call_command("reminders", "--date", TODAY.isoformat())
    assert mail.outbox
    client.force_login(User.objects.get(username="lamdong"))
    page = client.get("/deadlines/")
    assert page.status_code == 200 and "overdue" in page.context
    response = client.post("/deadlines/", {"email_reminders": "", "lead_days": "3"})
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(user__username="lamdong")
    assert preference.email_reminders is False and preference.lead_days == 3
    assert preference.history.first().history_user.username == "lamdong"
    bad = client.post("/deadlines/", {"email_reminders": "on", "lead_days": "0"})
    assert (
        bad.status_code == 200
        and "Between 1 and 60 days." in bad.content.decode()
        or "1 đến 60" in (bad.content.decode())
    )
