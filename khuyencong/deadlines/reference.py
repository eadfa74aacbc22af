"""Load the working-day calendar (reference_data/deadlines/days_off.json); idempotent, keyed by date."""

import csv
import io
import json
from datetime import date
from pathlib import Path

from django.db import transaction

from khuyencong.core import audit

from .models import DayOff

DATA = Path(__file__).resolve().parent.parent / "reference_data" / "deadlines" / "days_off.json"


def load():
    """Load the shipped days off. A year whose official days off were loaded (`khuyencong calendar load`,
    rows checked) keeps them: the shipped estimates of a year not yet announced (`verified: false`) never
    overwrite or add to an announced year."""
    rows = json.loads(DATA.read_text(encoding="utf-8"))["days"]
    announced = {
        day.year for day in DayOff.objects.filter(province__isnull=True, verified=True).dates("date", "year")
    }
    estimated = {row["date"][:4] for row in rows if not row["verified"]} - {
        row["date"][:4] for row in rows if row["verified"]
    }
    loaded = [row for row in rows if not (row["date"][:4] in estimated and int(row["date"][:4]) in announced)]
    for row in loaded:
        _save(row)
    years = sorted({row["date"][:4] for row in rows})
    return f"{len(loaded)} national days off and compensatory working days ({years[0]}–{years[-1]})"


def _save(row, verified=None):
    DayOff.objects.update_or_create(
        date=_date(row["date"]),
        province=None,
        defaults={
            "name": row["name"],
            "kind": row["kind"],
            "legal_source": row["source"],
            "verified": row["verified"] if verified is None else verified,
        },
    )


def _date(text):
    return date.fromisoformat(str(text).strip())


KINDS = {"holiday", "day_off", "workday"}


def read_decision(path):
    """The days of an announcement from a JSON file ({"source": …, "days": [{date, name, kind, source?}]},
    or a list of days) or a CSV file (columns date, name, kind, source; UTF-8). Raises ValueError naming the
    first bad row."""
    text = Path(path).read_text(encoding="utf-8-sig")
    if str(path).lower().endswith(".csv"):
        days, default_source = list(csv.DictReader(io.StringIO(text))), ""
    else:
        data = json.loads(text)
        days = data if isinstance(data, list) else data.get("days", [])
        default_source = "" if isinstance(data, list) else data.get("source", "")
    rows = []
    for number, day in enumerate(days, 1):
        try:
            row = {
                "date": _date(day["date"]).isoformat(),
                "name": str(day["name"]).strip(),
                "kind": str(day.get("kind") or "holiday").strip(),
                "source": str(day.get("source") or default_source).strip(),
                "verified": True,
            }
        except (KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"row {number}: {exc}") from exc
        if row["kind"] not in KINDS or not row["name"] or not row["source"]:
            raise ValueError(
                f"row {number}: a name, a kind ({', '.join(sorted(KINDS))}) and a source are needed"
            )
        rows.append(row)
    if not rows:
        raise ValueError("no days in the file")
    return rows


@transaction.atomic
def load_decision(rows):
    """Make the national days off of each year in `rows` exactly those rows, checked: the estimates of the
    year not in the announcement are removed. Returns {year: number of days}."""
    years = {}
    for row in rows:
        years.setdefault(int(row["date"][:4]), []).append(row)
    with audit.acting_as(None, reason="khuyencong calendar load"):
        for year, days in years.items():
            keep = {row["date"] for row in days}
            for stale in DayOff.objects.filter(province__isnull=True, date__year=year):
                if stale.date.isoformat() not in keep:
                    stale.delete()
            for row in days:
                _save(row, verified=True)
    return {year: len(days) for year, days in sorted(years.items())}
