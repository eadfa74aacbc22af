"""Working days: weekends, public holidays, moved days off and compensatory working days, per province.

`add_working_days(start, n)` is the legal count "within N working days from `start`": the day of `start`
does not count, each following working day does, and the result is the N-th working day. Every deadline
counted in working days goes through it. The days off come from `DayOff` rows (reference data, editable in
the admin); a `WorkCalendar` reads each year it needs once, so a computation costs one query per year and
never serves days off that another process changed meanwhile.
"""

from datetime import timedelta

from django.db.models import Q

SATURDAY, SUNDAY = 5, 6


class WorkCalendar:
    """The working days of the country, or of one province (national days off plus its own)."""

    def __init__(self, province=None):
        self.province_id = getattr(province, "pk", province)
        self._years = {}

    def _year(self, year):
        if year not in self._years:
            from .choices import DayKind
            from .models import DayOff

            where = Q(province__isnull=True)
            if self.province_id:
                where |= Q(province_id=self.province_id)
            off, work = set(), set()
            for day, kind in DayOff.objects.filter(where, date__year=year).values_list("date", "kind"):
                (work if kind == DayKind.WORKDAY else off).add(day)
            self._years[year] = (off, work)
        return self._years[year]

    def is_working_day(self, day):
        off, work = self._year(day.year)
        if day in work:
            return True
        return day.weekday() not in (SATURDAY, SUNDAY) and day not in off

    def add_working_days(self, start, n):
        if n < 0:
            raise ValueError("n must not be negative")
        day, left = start, n
        while left:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start, end):
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def next_working_day(self, day):
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


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
