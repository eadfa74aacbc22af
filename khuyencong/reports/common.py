"""What every report shares: which province, by which date's boundaries, and for whom."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _

from khuyencong.core.scoping import ALL, GRANT_KIND, access_scope
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


class OutsideScope(PermissionDenied):
    """A report asked for a province (or the whole country) that the user's roles do not cover.

    `str()` is the message in the active language; `vi` and `en` give both, for the command line."""

    def __init__(self, name_vi, name_en=None):
        name_en = name_en or name_vi
        self.vi = f"Không lập được báo cáo về {name_vi}: địa bàn này ngoài phạm vi được phân quyền của bạn."
        self.en = f"No report on {name_en}: it is outside the provinces you are assigned to."
        name = name_vi if (translation.get_language() or "vi").startswith("vi") else name_en
        super().__init__(
            _("No report on %(name)s: it is outside the provinces you are assigned to.") % {"name": name}
        )


def sees_every_province(user):
    scope = access_scope(user)
    return scope.superuser or any(GRANT_KIND[grant.role] == ALL for grant in scope.grants)


def check_scope(user, area):
    """Refuse (`OutsideScope`, a PermissionDenied: 403) a report on `area` outside what `user` may report on.

    The one check of every report entry point: the report pages and their file jobs, the API,
    `khuyencong report --user`, the dashboard and the cross-checks. A report counts only what the user may
    see, so for a province outside the user's scope its figures would be zeros and its paragraph a false
    official statement ("… chưa có cụm công nghiệp nào"). The whole country is for who sees every province;
    a province for who holds it (`AdminUnit.objects.within_scope_of`, which includes the provinces merged
    into the user's own: a Lâm Đồng officer may report on the former Đắk Nông)."""
    if sees_every_province(user):
        return
    if area.is_national:
        raise OutsideScope("cả nước", "the whole country")
    if not AdminUnit.objects.provinces().within_scope_of(user).filter(pk=area.province.pk).exists():
        raise OutsideScope(area.province.full_name)
