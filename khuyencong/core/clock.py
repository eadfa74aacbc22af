"""Vietnam's date and time: the one source of "today" and "now" in khuyencong.

Every "today", deadline, lateness and document date is Vietnam's (UTC+7), whatever the time zone of the
server or of the database connection: a report sent at 00:30 on 1 July in Hà Nội was sent on 1 July, not
on 30 June as its UTC timestamp reads. Code asks `clock.today()` and `clock.now()`, and turns a stored
(aware) timestamp into Vietnam's calendar day with `clock.local_date(value)`; `date.today()`,
`datetime.now()` and `.date()` on a timestamp are not used elsewhere (core/tests/test_clock.py checks).
Tests move the clock by patching `django.utils.timezone.now`.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def now():
    """The current time in Vietnam (an aware datetime)."""
    return timezone.now().astimezone(VIETNAM)


def today():
    """Today's date in Vietnam."""
    return now().date()


def local_date(value):
    """Vietnam's calendar day of `value`: an aware datetime is converted first; a naive one is taken as
    Vietnam's time already; a date is returned as it is; None stays None."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(VIETNAM)
        return value.date()
    return value
