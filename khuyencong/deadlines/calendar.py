"""Working days: weekends, public holidays, moved days off and compensatory working days, per province.

`add_working_days(start, n)` is the legal count "within N working days from `start`": the day of `start`
does not count, each following working day does, and the result is the N-th working day. Every deadline
counted in working days goes through it. The days off come from `DayOff` rows (reference data, editable in
the admin); a `WorkCalendar` reads each year it needs once, so a computation costs one query per year and
never serves days off that another process changed meanwhile.

A year without any national day off recorded is a year the calendar does not know (e.g. before the
Government announces it): counting working days through it raises `CalendarMissing`, logged, and the
deadline is shown as "chưa có lịch nghỉ năm …", never silently counted without holidays.
`khuyencong calendar load FILE` loads a year's official days off.
"""

import logging
from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

SATURDAY, SUNDAY = 5, 6

logger = logging.getLogger(__name__)


class CalendarMissing(LookupError):
    """The days off of `year` are not loaded, so a count through it would ignore its holidays.

    `earliest` is the date the count gives with weekends only: the deadline is that day or later."""

    def __init__(self, year, earliest=None):
        self.year = year
        self.earliest = earliest
        super().__init__(_("no days-off calendar for %(year)s yet") % {"year": year})


class WorkCalendar:
    """The working days of the country, or of one province (national days off plus its own)."""

    def __init__(self, province=None):
        self.province_id = getattr(province, "pk", province)
        self._years = {}
        self.missing = set()  # years crossed by the current count that the calendar does not know

    def _year(self, year):
        if year not in self._years:
            from .choices import DayKind
            from .models import DayOff

            where = Q(province__isnull=True)
            if self.province_id:
                where |= Q(province_id=self.province_id)
            off, work, known = set(), set(), False
            rows = DayOff.objects.filter(where, date__year=year).values_list("date", "kind", "province_id")
            for day, kind, province_id in rows:
                (work if kind == DayKind.WORKDAY else off).add(day)
                known = known or province_id is None
            self._years[year] = (off, work, known)
        return self._years[year]

    def knows(self, year):
        """Whether the national days off of `year` are loaded."""
        return self._year(year)[2]

    def _counting(self, start, count):
        """Run `count()`; if it crossed a year the calendar does not know, log and raise CalendarMissing."""
        self.missing = set()
        result = count()
        if self.missing:
            year = min(self.missing)
            logger.warning(
                "No days-off calendar for %s: a working-day count from %s gives at least %s (weekends only)",
                year,
                start,
                result,
            )
            raise CalendarMissing(year, result)
        return result

    def is_working_day(self, day):
        return self._counting(day, lambda: self._is_working_day(day))

    def _is_working_day(self, day):
        off, work, known = self._year(day.year)
        if not known:
            self.missing.add(day.year)
        if day in work:
            return True
        return day.weekday() not in (SATURDAY, SUNDAY) and day not in off

    def add_working_days(self, start, n):
        if n < 0:
            raise ValueError("n must not be negative")

        def count():
            day, left = start, n
            while left:
                day += timedelta(days=1)
                if self._is_working_day(day):
                    left -= 1
            return day

        return self._counting(start, count)

    def working_days_between(self, start, end):
        def count():
            number, day = 0, start
            while day < end:
                day += timedelta(days=1)
                if self._is_working_day(day):
                    number += 1
            return number

        return self._counting(start, count)

    def next_working_day(self, day):
        def count():
            found = day
            while not self._is_working_day(found):
                found += timedelta(days=1)
            return found

        return self._counting(day, count)


def is_working_day(day, province=None):
    return WorkCalendar(province).is_working_day(day)


def add_working_days(start, n, province=None):
    """The n-th working day after `start` (n ≥ 1); n = 0 gives `start` itself."""
    return WorkCalendar(province).add_working_days(start, n)


def working_days_between(start, end, province=None):
    """Working days after `start` up to and including `end` (0 when `end` ≤ `start`)."""
    return WorkCalendar(province).working_days_between(start, end)


def next_working_day(day, province=None):
    """`day` itself when it is a working day, else the next one."""
    return WorkCalendar(province).next_working_day(day)


def add_days(start, n):
    """Calendar days, for the deadlines the law counts in days rather than working days."""
    return start + timedelta(days=n)
