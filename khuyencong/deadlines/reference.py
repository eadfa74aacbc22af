"""Load the working-day calendar (reference_data/deadlines/days_off.json); idempotent, keyed by date."""

import json
from datetime import date
from pathlib import Path

from .models import DayOff

DATA = Path(__file__).resolve().parent.parent / "reference_data" / "deadlines" / "days_off.json"


def load():
    rows = json.loads(DATA.read_text(encoding="utf-8"))["days"]
    for row in rows:
        DayOff.objects.update_or_create(
            date=date.fromisoformat(row["date"]),
            province=None,
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "legal_source": row["source"],
                "verified": row["verified"],
            },
        )
    years = sorted({row["date"][:4] for row in rows})
    return f"{len(rows)} national days off and compensatory working days ({years[0]}–{years[-1]})"
