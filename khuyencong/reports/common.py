"""What every report shares: which province, by which date's boundaries, and for whom."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _

from khuyencong.core.scoping import ALL, GRANT_KIND, access_scope
from khuyencong.core.text import fold, in_sentence
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


# ---- who issues a report: the letterhead (Decree 30/2020/NĐ-CP, Appendix I) -------------------------


def province_on(unit, day):
    """The province that `unit` was, or became, on `day`: itself while valid, else the unit it was merged
    into (the former Đắk Nông → today's Lâm Đồng), else, for a day before it existed, the predecessor of
    the same name (today's Lâm Đồng on 16/05/2025 → the former Lâm Đồng), else the first predecessor."""

    def valid(candidate):
        return candidate.valid_from <= day and (candidate.valid_to is None or day <= candidate.valid_to)

    if valid(unit):
        return unit
    if unit.valid_to is not None and day > unit.valid_to:
        candidates = [u for u in _successors_of(unit) if valid(u)]
    else:
        candidates = [u for u in unit.predecessors() if valid(u)]
        candidates.sort(key=lambda u: (fold(u.name) != fold(unit.name), u.code))
    return candidates[0] if candidates else unit


def _successors_of(unit):
    """Every unit reached from `unit` along the succession links (transitively), nearest first."""
    found, frontier = [], [unit]
    while frontier:
        step = list(AdminUnit.objects.filter(predecessor_links__predecessor__in=frontier).order_by("code"))
        step = [u for u in step if u not in found]
        found.extend(step)
        frontier = step
    return found


def organisation_on(kind, day, province=None):
    """The organisation of `kind` (accounts.OrganisationKind) of `province` (None: a national body) that
    existed on `day`, or None when the register has none."""
    from django.db.models import Q

    from khuyencong.accounts.models import Organisation

    found = (
        Organisation.objects.filter(kind=kind, province=province)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from", "pk")
    )
    return found.first()


def _without_place(name, unit):
    """'Sở Công Thương tỉnh Lâm Đồng' → 'Sở Công Thương': the province is on the line above."""
    for place in (unit.full_name, unit.name):
        if fold(name).endswith(" " + fold(place)):
            return name[: len(name) - len(place)].strip()
    return name


@dataclass(frozen=True)
class Letterhead:
    """Who issues a document on a day, as its heading shows it (see `letterhead`)."""

    parent_body: str
    issuing_body: str
    place: str
    recipients: tuple
    subject: str  # the area the document is about, as a sentence names it
    issuer: AdminUnit | None  # the province of the issuing body (None: national)
    symbol: str = "SCT"  # the body's abbreviation in a document number ("Số: …/BC-SCT")
    signer_title: str = "GIÁM ĐỐC"

    def number(self, kind_symbol="BC"):
        """The number line left for the office to fill: "Số:      /BC-SCT"."""
        return f"Số:      /{kind_symbol}-{self.symbol}"

    def heading(self):
        """The keyword arguments of `core.pdf.OfficialDocument` for the heading and the recipients."""
        return {
            "parent_body": self.parent_body,
            "issuing_body": self.issuing_body,
            "place": self.place,
            "recipients": self.recipients,
        }


def letterhead(unit, day):
    """The heading fields of an `OfficialDocument` issued on `day` about `unit` (a province; None for the
    whole country): `parent_body`, `issuing_body`, `place` and `recipients` of the body that exists on
    that day — the Sở Công Thương of the province `unit` was or became on `day` (`province_on`), under its
    People's Committee, dated at that province; for the country, the central agency under the Ministry,
    dated at Hà Nội. `subject` is `unit` as the summary names it: "tỉnh Đắk Nông (cũ)" when it no longer
    existed on `day` (a report on a former province).

    Every official document of the system takes its heading from here (summary reports, periodic forms
    of a Sở)."""
    from khuyencong.accounts.choices import OrganisationKind

    if unit is None:
        agency = organisation_on(OrganisationKind.CENTRAL_AGENCY, day)
        name = agency.name if agency else "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công"
        return Letterhead(
            parent_body="BỘ CÔNG THƯƠNG",
            issuing_body=name.upper(),
            place="Hà Nội",
            recipients=("Bộ trưởng Bộ Công Thương (để báo cáo)",),
            subject="cả nước",
            issuer=None,
            symbol="ĐCK",
            signer_title="CỤC TRƯỞNG",
        )
    issuer = province_on(unit, day)
    department = organisation_on(OrganisationKind.DEPARTMENT, day, province=issuer)
    body = _without_place(department.name, issuer) if department else "Sở Công Thương"
    subject = in_sentence(unit.full_name)
    if issuer.pk != unit.pk and unit.valid_to is not None and unit.valid_to < day:
        subject += " (cũ)"
    return Letterhead(
        parent_body=f"UBND {issuer.full_name.upper()}",
        issuing_body=body.upper(),
        place=issuer.name,
        recipients=("Bộ Công Thương", f"UBND {in_sentence(issuer.full_name)}"),
        subject=subject,
        issuer=issuer,
    )
