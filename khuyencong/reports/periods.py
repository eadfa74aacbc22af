"""Report periods and forms of the periodic reports (TT 14/2024/TT-BCT, DOMAIN §2.6, §3.9).

A 6-month report covers 15/12 of the previous year to 14/6; the annual report 15/12 to 14/12. Deadlines
are versioned reference data of the deadlines app (the last day to file).
"""

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.core import clock


class PeriodKind(models.TextChoices):
    HALF_YEAR = "half_year", _("Six months")
    YEAR = "year", _("Year")


class ReportForm(models.TextChoices):
    """The forms a province files (Biểu 01–04 of TT 14/2024 and the khuyến công results report)."""

    BIEU_01 = "bieu01", _("Form 01 – an investment project in a cluster")
    BIEU_02 = "bieu02", _("Form 02 – cluster infrastructure project")
    BIEU_03 = "bieu03", _("Form 03 – clusters of a commune (district before 7/2025)")
    BIEU_04 = "bieu04", _("Form 04 – clusters of the province")
    PROMOTION = "promotion", _("Industrial promotion results")


@dataclass(frozen=True)
class FormRule:
    """Who files a form (about a province, a commune or a cluster) and for which kinds of period.

    Deadlines are versioned reference data: reference_data/deadlines/rules.json, code `report_<form>`."""

    form: str
    subject: str  # "province", "commune" (a district before 1/7/2025), "cluster" or "tenant_project"
    kinds: tuple


BOTH = tuple(PeriodKind.values)
FORM_RULES = {
    ReportForm.BIEU_01: FormRule(ReportForm.BIEU_01, "tenant_project", BOTH),
    ReportForm.BIEU_02: FormRule(ReportForm.BIEU_02, "cluster", BOTH),
    ReportForm.BIEU_03: FormRule(ReportForm.BIEU_03, "commune", BOTH),
    ReportForm.BIEU_04: FormRule(ReportForm.BIEU_04, "province", BOTH),
    # No circular fixes a khuyến công report form (DOMAIN §3.9): yearly only.
    ReportForm.PROMOTION: FormRule(ReportForm.PROMOTION, "province", (PeriodKind.YEAR,)),
}

# Forms a province (Sở Công Thương) files itself and the central agency reviews.
PROVINCE_FORMS = (ReportForm.BIEU_04, ReportForm.PROMOTION)


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str

    @classmethod
    def parse(cls, code):
        """'2025-6t' (six months) or '2025-nam' (year); raises ValueError otherwise."""
        year, _sep, suffix = str(code).partition("-")
        kinds = {"6t": PeriodKind.HALF_YEAR, "nam": PeriodKind.YEAR}
        if not year.isdigit() or suffix not in kinds or not 2000 <= int(year) <= 2100:
            raise ValueError(code)
        return cls(int(year), kinds[suffix].value)

    @property
    def code(self):
        return f"{self.year}-{'6t' if self.kind == PeriodKind.HALF_YEAR else 'nam'}"

    @property
    def start(self):
        return date(self.year - 1, 12, 15)

    @property
    def end(self):
        return date(self.year, 6, 14) if self.kind == PeriodKind.HALF_YEAR else date(self.year, 12, 14)

    @property
    def label(self):
        if self.kind == PeriodKind.HALF_YEAR:
            return _("first six months of %(year)s") % {"year": self.year}
        return _("year %(year)s") % {"year": self.year}

    def deadline(self, form):
        """The legal deadline of `form` for this period, from the versioned rules of the deadlines app."""
        from khuyencong.deadlines.rules import fixed_deadline

        return fixed_deadline(f"report_{form}", self.year, self.kind)[0]

    @property
    def chain(self):
        """The reporting-chain rule in force for this period (`ChainRule`)."""
        return chain_rule(self.end)

    def as_json(self):
        return {
            "code": self.code,
            "kind": self.kind,
            "year": self.year,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def recent_periods(today=None, count=4):
    """The latest periods, newest first: 6-month and annual periods of this and the previous years."""
    today = today or clock.today()
    periods = []
    for year in range(today.year + 1, today.year - 3, -1):
        for kind in (PeriodKind.YEAR, PeriodKind.HALF_YEAR):
            period = Period(year, kind.value)
            if period.start <= today:
                periods.append(period)
    return periods[:count]


CHAIN_FILE = Path(__file__).resolve().parent.parent / "reference_data" / "reports" / "chain.json"
# Who files each form and who reviews it (reference_data/reports/chain.json): the organisation or person
# investing in the cluster (Biểu 01), the infrastructure investor (02), the local People's Committee (03),
# the Sở Công Thương (04), the central agency (reviews 04).
TENANT, INVESTOR, LOCAL, PROVINCE, CENTRAL = "tenant", "investor", "local", "province", "central"


@dataclass(frozen=True)
class ChainRule:
    """One version of the reporting chain: the local level (district, then commune) and per form who files
    it, who reviews it and who receives it, with the legal source of each."""

    valid_from: date
    valid_to: date | None
    legal_source: str
    valid_from_source: str
    local_level: str  # "district" until 30/6/2025, "commune" from 1/7/2025
    local_name: str
    local_has_accounts: bool
    local_note: str
    forms: dict  # form -> {"filer", "reviewer", "receivers", "source"}

    def filer(self, form):
        return self.forms[str(form)]["filer"]

    def reviewer(self, form):
        return self.forms[str(form)]["reviewer"]

    def as_json(self):
        return {
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "legal_source": self.legal_source,
            "local_level": self.local_level,
            "local_name": self.local_name,
        }


@lru_cache(maxsize=1)
def _chain_rules():
    # Shipped with the code; it changes only with a release, so reading it once is safe.
    rows = json.loads(CHAIN_FILE.read_text(encoding="utf-8"))["rules"]
    return tuple(
        sorted(
            (
                ChainRule(
                    date.fromisoformat(row["valid_from"]),
                    date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
                    row["legal_source"],
                    row.get("valid_from_source", ""),
                    row["params"]["local_level"],
                    row["params"]["local_name"],
                    row["params"]["local_has_accounts"],
                    row["params"]["local_note"],
                    row["params"]["forms"],
                )
                for row in rows
            ),
            key=lambda rule: rule.valid_from,
        )
    )


def chain_rule(day):
    """The version of the chain in force on `day` (the earliest version for days before any)."""
    rules = _chain_rules()
    in_force = [r for r in rules if r.valid_from <= day and (r.valid_to is None or day <= r.valid_to)]
    return in_force[-1] if in_force else rules[0]
