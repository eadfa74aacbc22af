"""The home's "my work" from the deadlines (core.work provider): how many of the user's dated items are past
their deadline and how many fall due within a week, from the one list `due.collect` builds."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.core.work import DUE, OVERDUE, WorkEntry

from .due import collect

SOON_DAYS = 7


def entries(user, today):
    items = collect(user, today, horizon=SOON_DAYS)
    overdue = sum(1 for item in items if item.due < today)
    soon = sum(1 for item in items if today <= item.due <= today + timedelta(days=SOON_DAYS))
    url = reverse("deadlines:list")
    return [
        WorkEntry("deadlines:overdue", _("Overdue items"), overdue, url, OVERDUE, order=0),
        WorkEntry("deadlines:soon", _("Due within 7 days"), soon, f"{url}?days={SOON_DAYS}", DUE, order=0),
    ]
