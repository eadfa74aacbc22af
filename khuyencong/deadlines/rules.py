"""Deadline rules versioned by the date they take effect (reference_data/deadlines/rules.json)."""

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent.parent / "reference_data" / "deadlines" / "rules.json"


@dataclass(frozen=True)
class DeadlineRule:
    code: str
    valid_from: date
    valid_to: date | None
    legal_source: str
    params: dict
    valid_from_source: str = ""  # where the effect date comes from (the text's effect clause)

    def in_force(self, day):
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@lru_cache(maxsize=1)
def _rules():
    # The file ships with the code; it changes only with a new release, so reading it once is safe.
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return tuple(
        DeadlineRule(
            row["code"],
            date.fromisoformat(row["valid_from"]),
            date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
            row["legal_source"],
            row["params"],
            row.get("valid_from_source", ""),
        )
        for row in data["rules"]
    )


def rule(code, day):
    """The version of `code` in force on `day`, or the earliest one for days before any version."""
    versions = sorted((r for r in _rules() if r.code == code), key=lambda r: r.valid_from)
    if not versions:
        raise KeyError(code)
    in_force = [r for r in versions if r.in_force(day)]
    return in_force[-1] if in_force else versions[0]


def fixed_deadline(code, year, period_kind):
    """The fixed deadline of a periodic report: e.g. Biểu 04 of the first half of 2026 → 30/06/2026."""
    reference_day = date(year, 6, 14) if period_kind == "half_year" else date(year, 12, 14)
    version = rule(code, reference_day)
    month, day = (int(part) for part in version.params[period_kind].split("-"))
    return date(year, month, day), version
