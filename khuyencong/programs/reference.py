"""Load versioned reference data (content categories, support caps) from reference_data/programs/."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from .models import ContentCategory, SupportCap

DATA_DIR = Path(__file__).resolve().parent.parent / "reference_data" / "programs"


def _read(name):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _day(value):
    return date.fromisoformat(value) if value else None


def load():
    """Idempotent: rows are keyed by their code and updated in place."""
    categories = {}
    for row in _read("content_categories.json")["categories"]:
        category, _ = ContentCategory.objects.update_or_create(
            code=row["code"],
            defaults={
                "number": row["number"],
                "name": row["name"],
                "legal_source": row["legal_source"],
                "valid_from": _day(row["valid_from"]),
                "valid_to": _day(row.get("valid_to")),
            },
        )
        categories[category.code] = category
    caps = 0
    for row in _read("support_caps.json")["caps"]:
        if row.get("active") is False:
            continue
        SupportCap.objects.update_or_create(
            code=row["code"],
            defaults={
                "description": row["description"],
                "level": row.get("level") or "",
                "category": categories.get(row.get("category")),
                "max_share_percent": Decimal(row["max_share_percent"])
                if row.get("max_share_percent")
                else None,
                "max_amount_vnd": row.get("max_amount_vnd"),
                "content": row.get("content") or "",
                "default_for_category": bool(row.get("default_for_category")),
                "per_beneficiary": bool(row.get("per_beneficiary")),
                "source_note": row.get("source_note") or "",
                "legal_source": row["legal_source"],
                "valid_from": _day(row["valid_from"]),
                "valid_to": _day(row.get("valid_to")),
            },
        )
        caps += 1
    return f"{len(categories)} content categories, {caps} support caps"
