"""Vietnam's today and now (core.clock): the one source of dates, checked at 00:30 in Hà Nội (17:30 UTC)."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

from django.utils import timezone

from khuyencong.core import clock
from khuyencong.core.formatting import vn_date

AT_0030 = datetime(2026, 7, 1, 0, 30, tzinfo=clock.VIETNAM)  # 30/06/2026 17:30 UTC


def test_today_is_vietnams_date_at_half_past_midnight(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: AT_0030.astimezone(UTC))
    assert clock.today() == date(2026, 7, 1)
    assert clock.now().hour == 0 and clock.now().utcoffset().total_seconds() == 7 * 3600


def test_a_stored_timestamp_is_read_as_vietnams_day():
    stored = AT_0030.astimezone(UTC)  # what the database gives back
    assert stored.date() == date(2026, 6, 30)
    assert clock.local_date(stored) == date(2026, 7, 1)
    assert clock.local_date(date(2026, 7, 1)) == date(2026, 7, 1) and clock.local_date(None) is None
    assert vn_date(stored) == "01/07/2026"


KHUYENCONG = Path(__file__).resolve().parents[2]
# "Today" and "now" of the server's or UTC's calendar, instead of Vietnam's.
FORBIDDEN = re.compile(
    r"date\.today\b|datetime\.now\(|datetime\.utcnow|datetime\.today\(|timezone\.now\(\)\.date\(\)"
    r"|timezone\.localdate\(|submitted_at\.date\(\)"
)


def test_no_other_today_than_the_clocks():
    """Every date of "today" goes through core.clock; a new `date.today()` anywhere else fails here."""
    found = []
    for path in sorted(KHUYENCONG.rglob("*.py")):
        relative = path.relative_to(KHUYENCONG)
        if "tests" in relative.parts or relative.name == "conftest.py" or relative == Path("core/clock.py"):
            continue
        if "migrations" in relative.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if FORBIDDEN.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert not found, "use khuyencong.core.clock.today()/now()/local_date():\n" + "\n".join(found)
