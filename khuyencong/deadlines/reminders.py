"""E-mail reminders of due items, at configurable lead times, without duplicates.

`send_reminders(today)` looks at every active user with an e-mail address who has not opted out, takes
their due items (deadlines.due.collect) and, for each item, the stage it has reached: due within the
user's lead time (`ahead`), due today (`due`), or past (`overdue`). A stage already recorded in
`ReminderSent` for that user, item and due date is not sent again, so running the job twice — or on two
workers at once — sends each reminder once. One e-mail per user lists what is new.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from khuyencong.core import clock

from .choices import Stage
from .due import collect
from .models import ReminderPreference, ReminderSent

log = logging.getLogger(__name__)
DEFAULT_LEAD_DAYS = 7


def stage_of(item, today, lead_days):
    days = item.days_left(today)
    if days < 0:
        return Stage.OVERDUE
    if days == 0:
        return Stage.DUE
    if days <= lead_days:
        return Stage.AHEAD
    return None


def _preferences():
    return {p.user_id: p for p in ReminderPreference.objects.all()}


def send_reminders(today=None, *, dry_run=False):
    """Send what is new; returns {"users": n, "emails": n, "reminders": n}."""
    today = today or clock.today()
    preferences = _preferences()
    lead_default = getattr(settings, "REMINDER_LEAD_DAYS", DEFAULT_LEAD_DAYS)
    counts = {"users": 0, "emails": 0, "reminders": 0}
    users = get_user_model().objects.filter(is_active=True).exclude(email="").order_by("pk")
    for user in users:
        preference = preferences.get(user.pk)
        if preference and not preference.email_reminders:
            continue
        lead_days = preference.lead_days if preference else lead_default
        counts["users"] += 1
        new = []
        for item in collect(user, today, horizon=lead_days):
            stage = stage_of(item, today, lead_days)
            if stage is None:
                continue
            if ReminderSent.objects.filter(user=user, item_key=item.key, due=item.due, stage=stage).exists():
                continue
            new.append((item, stage))
        if not new or dry_run:
            counts["reminders"] += len(new)
            continue
        with transaction.atomic():
            recorded = []
            for item, stage in new:
                try:
                    with transaction.atomic():
                        ReminderSent.objects.create(
                            user=user,
                            item_key=item.key,
                            due=item.due,
                            stage=stage,
                            title=item.title[:300],
                            email=user.email,
                        )
                except IntegrityError:  # another worker recorded it first: it sends that one
                    continue
                recorded.append((item, stage))
            if not recorded:
                continue
            with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
                body = render_to_string(
                    "deadlines/reminder_email.txt",
                    {"user": user, "rows": recorded, "today": today, "site_url": settings.SITE_URL},
                )
                subject = render_to_string("deadlines/reminder_subject.txt", {"count": len(recorded)}).strip()
            # Sent inside the transaction: if the mail server refuses, nothing is recorded and the next
            # run tries again.
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            counts["emails"] += 1
            counts["reminders"] += len(recorded)
    log.info("reminders: %s", counts)
    return counts
