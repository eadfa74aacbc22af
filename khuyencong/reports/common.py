"""What every report shares: which province, by which date's boundaries, and for whom."""

from dataclasses import dataclass
from datetime import date

from khuyencong.geography.models import AdminUnit
from khuyencong.geography.services import resolve_province


@dataclass(frozen=True)
class ReportArea:
    """The province a report is about, the boundaries date, and the province ids whose records count.

    Asked for today's Lâm Đồng, records of the former Đắk Nông and Bình Thuận count too; asked for
    Lâm Đồng on 30/06/2025, only the former Lâm Đồng's do; asked for Đắk Nông, its own records, and the
    report says which province succeeded it.
    """

    province: AdminUnit
    boundaries: date
    province_ids: frozenset

    @classmethod
    def resolve(cls, text, boundaries):
        unit = resolve_province(text, on=boundaries)
        return cls(unit, boundaries, frozenset(unit.all_predecessor_ids()))

    def as_json(self):
        unit = self.province
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
