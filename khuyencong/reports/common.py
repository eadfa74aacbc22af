"""What every report shares: which province, by which date's boundaries, and for whom."""

from dataclasses import dataclass
from datetime import date

from khuyencong.core.text import fold
from khuyencong.geography.models import AdminUnit
from khuyencong.geography.services import resolve_province

NATIONAL_CODE = "VN"
NATIONAL_NAMES = {"vn", "ca nuoc", "toan quoc", "viet nam", "national"}


def is_national(text):
    return fold(str(text or "")).strip() in NATIONAL_NAMES


@dataclass(frozen=True)
class ReportArea:
    """The province a report is about, the boundaries date, and the province ids whose records count.

    Asked for today's Lâm Đồng, records of the former Đắk Nông and Bình Thuận count too; asked for
    Lâm Đồng on 30/06/2025, only the former Lâm Đồng's do; asked for Đắk Nông, its own records, and the
    report says which province succeeded it.
    """

    province: AdminUnit | None  # None: the whole country
    boundaries: date
    province_ids: frozenset

    @classmethod
    def resolve(cls, text, boundaries):
        """`text` names a province (code or name, any spelling) or the country ("VN", "ca nuoc")."""
        if is_national(text):
            return cls.national(boundaries)
        unit = resolve_province(text, on=boundaries)
        return cls(unit, boundaries, frozenset(unit.all_predecessor_ids()))

    @classmethod
    def national(cls, boundaries):
        """Every province of either code scheme: each record counts once, wherever it was located."""
        ids = AdminUnit.objects.filter(level="province").values_list("pk", flat=True)
        return cls(None, boundaries, frozenset(ids))

    @property
    def is_national(self):
        return self.province is None

    def as_json(self):
        unit = self.province
        if unit is None:
            return {
                "code": NATIONAL_CODE,
                "scheme": None,
                "name": "Cả nước",
                "full_name": "Cả nước",
                "boundaries": self.boundaries.isoformat(),
                "successors": [],
            }
        return {
            "code": unit.code,
            "scheme": unit.scheme,
            "name": unit.name,
            "full_name": unit.full_name,
            "boundaries": self.boundaries.isoformat(),
            "successors": [
                {"code": u.code, "name": u.name, "full_name": u.full_name}
                for u in unit.current_units()
                if u.pk != unit.pk
            ],
        }
