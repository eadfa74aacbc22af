"""Sheet "Cơ sở CNNT": beneficiaries (rural industrial establishments) by tax code or name + commune."""

from django.core.exceptions import ValidationError

from khuyencong.core import clock
from khuyencong.core.importing import Column, clean_text, parse_vn_int
from khuyencong.core.text import fold
from khuyencong.facilities.choices import FacilityKind
from khuyencong.facilities.models import Facility

from .base import CREATED, UNCHANGED, UPDATED, YES_NO, SheetSpec, loose_choice, text_limited
from .rules import allowed, check, visible

KIND = loose_choice(
    {
        FacilityKind.ENTERPRISE: [
            "Doanh nghiệp nhỏ và vừa",
            "Doanh nghiệp",
            "DNNVV",
            "Công ty",
            "Enterprise",
        ],
        FacilityKind.COOPERATIVE: ["Hợp tác xã", "HTX", "Cooperative"],
        FacilityKind.COOPERATIVE_GROUP: ["Tổ hợp tác", "THT", "Cooperative group"],
        FacilityKind.HOUSEHOLD: ["Hộ kinh doanh", "Hộ kinh doanh cá thể", "Hộ gia đình", "Household"],
    }
)
# Name prefixes (folded) that say the kind of an establishment named in passing.
KIND_PREFIXES = (
    (FacilityKind.COOPERATIVE_GROUP, ("to hop tac", "tht ")),
    (FacilityKind.COOPERATIVE, ("hop tac xa", "htx")),
    (FacilityKind.HOUSEHOLD, ("ho kinh doanh", "hkd", "ho gia dinh", "ho ")),
    (FacilityKind.ENTERPRISE, ("cong ty", "doanh nghiep", "dntn", "cty")),
)
FIELDS = (
    "name",
    "kind",
    "tax_code",
    "province_id",
    "commune_id",
    "address",
    "industry",
    "products",
    "workers",
    "woman_owned",
    "employs_ethnic_minorities",
    "contact_name",
    "phone",
    "note",
)
# Facility fields the domain check names → the sheet's columns.
COLUMNS = {"province": "province", "commune": "commune"}


def facility_key(tax_code, name, commune, province):
    """The natural key: the tax code when there is one, else the folded name in the commune (or province)."""
    if tax_code:
        return ("facility", "tax", tax_code)
    return ("facility", "name", fold(name), commune.pk if commune else None, province.pk)


class FacilitySheet(SheetSpec):
    key = "facilities"
    title = "Cơ sở CNNT"
    aliases = ("Cơ sở", "Cơ sở thụ hưởng", "Co so CNNT", "Facilities", "Beneficiaries")
    notes = (
        "Một dòng một cơ sở công nghiệp nông thôn. Cơ sở đã có được cập nhật, nhận theo Mã số thuế, "
        "nếu không có thì theo Tên cơ sở + Xã/Phường."
    )

    def columns(self):
        return [
            Column(
                "name", ["Tên cơ sở", "Tên cơ sở CNNT", "Tên doanh nghiệp", "Name"], text_limited(250), True
            ),
            Column("tax_code", ["Mã số thuế", "MST", "Tax code"], text_limited(20)),
            Column("kind", ["Loại hình", "Loại hình cơ sở", "Kind"], KIND, True),
            Column("province", ["Tỉnh", "Tỉnh/Thành phố", "Province"], clean_text, True),
            Column("commune", ["Xã/Phường", "Xã, phường", "Commune"]),
            Column("address", ["Địa chỉ", "Address"], text_limited(300)),
            Column("industry", ["Ngành nghề", "Industry"], text_limited(200)),
            Column("products", ["Sản phẩm", "Sản phẩm chính", "Products"]),
            Column("workers", ["Số lao động", "Lao động", "Workers"], parse_vn_int),
            Column("woman_owned", ["Chủ cơ sở là nữ", "Woman-owned"], YES_NO, total=False),
            Column(
                "employs_ethnic_minorities",
                ["Sử dụng lao động dân tộc thiểu số", "Lao động DTTS", "Employs ethnic minorities"],
                YES_NO,
                total=False,
            ),
            Column("contact_name", ["Người liên hệ", "Người đại diện", "Contact"], text_limited(120)),
            Column("phone", ["Điện thoại", "Số điện thoại", "Phone"], text_limited(20)),
            Column("note", ["Ghi chú", "Note"]),
        ]

    def handle(self, row, ctx):
        v = row.values
        today = clock.today()
        province = ctx.province(row, "province", today)
        commune = ctx.commune(row, "commune", province, today)
        if province is not None:
            ctx.check_scope(row, "province", province)
        if v["workers"] is not None and v["workers"] < 0:
            row.error("workers", "số lao động không được âm", "the number of workers must not be negative")
        if not row.ok or province is None:
            return None
        tax_code = (v["tax_code"] or "").replace(" ", "")
        key = facility_key(tax_code, v["name"], commune, province)
        seen = ctx.pending.get(("row",) + key)
        if seen:
            row.error(None, f"cơ sở này đã có ở dòng {seen}", f"this establishment is already on row {seen}")
            return None
        ctx.pending[("row",) + key] = row.number
        data = {
            "name": v["name"],
            "kind": v["kind"],
            "tax_code": tax_code,
            "province_id": province.pk,
            "commune_id": commune.pk if commune else None,
            "address": v["address"] or "",
            "industry": v["industry"] or "",
            "products": v["products"] or "",
            "workers": v["workers"] or 0,
            "woman_owned": bool(v["woman_owned"]),
            "employs_ethnic_minorities": bool(v["employs_ethnic_minorities"]),
            "contact_name": v["contact_name"] or "",
            "phone": v["phone"] or "",
            "note": v["note"] or "",
        }
        existing = self._existing(row, ctx, key)
        if existing is False:
            return None
        if not check(row, ctx, Facility, {"province": province, "commune": commune}, existing, COLUMNS):
            return None
        if (
            existing is not None
            and ctx.actor is not None
            and not Facility.objects.editable_by(ctx.actor).filter(pk=existing.pk).exists()
        ):
            row.error(
                None,
                f"cơ sở '{existing.name}' đã có trong hệ thống nhưng ngoài phạm vi được sửa của tài khoản",
                f"establishment '{existing.name}' exists but is outside what your account may edit",
            )
            return None
        facility = existing or Facility()
        changed = [name for name in FIELDS if getattr(facility, name) != data[name]]
        for name in changed:
            setattr(facility, name, data[name])
        try:
            facility.clean_fields(exclude=["province", "commune"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                row.error(field if field in v else None, "; ".join(messages))
            return None
        outcome = CREATED if existing is None else (UPDATED if changed else UNCHANGED)
        if ctx.write and outcome != UNCHANGED:
            facility.save()
        ctx.pending[key] = facility
        ctx.pending.setdefault(("facility-name", fold(facility.name)), {})[key] = facility
        return outcome

    def _existing(self, row, ctx, key):
        """The stored establishment with this natural key among those the importer may see (another
        province's establishment reads as unknown), None, or False (ambiguous, error recorded)."""
        if key[1] == "tax":
            matches = list(visible(ctx, Facility).filter(tax_code=key[2])[:2])
        else:
            _kind, _how, name_key, commune_id, province_id = key
            queryset = visible(ctx, Facility).filter(name_key=name_key)
            queryset = (
                queryset.filter(commune_id=commune_id)
                if commune_id
                else queryset.filter(commune__isnull=True, province_id=province_id)
            )
            matches = list(queryset[:2])
        if len(matches) > 1:
            row.error(
                None,
                "có nhiều cơ sở trùng trong hệ thống; ghi Mã số thuế để phân biệt",
                "several matching establishments exist; give the tax code to tell them apart",
            )
            return False
        return matches[0] if matches else None


def beneficiaries(ctx):
    """The establishments the importer may name as beneficiaries of a đề án (`references.allowed`)."""
    from khuyencong.programs.models import Project

    return allowed(ctx, Project, "beneficiaries")


def find_beneficiary(ctx, text, province, commune):
    """The establishment named `text` (a tax code or a name) for a đề án located in `province`.

    Looks among the establishments of this file first, then in the registry among those the importer may
    choose (another province's tax code reads as an unknown one), preferring the đề án's commune.
    Returns (facility or marker, None) or (None, (vi, en) error).
    """
    compact = text.replace(" ", "")
    if compact.isdigit() or ("-" in compact and compact.replace("-", "").isdigit()):
        found = ctx.pending.get(("facility", "tax", compact))
        if found is None:
            found = beneficiaries(ctx).filter(tax_code=compact).first()
        if found is not None:
            return found, None
        # An unknown tax code (or one of an establishment outside the importer's scope) names nobody.
        return None, (
            f"không tìm thấy cơ sở thụ hưởng '{text}' trong sheet 'Cơ sở CNNT' hoặc trong hệ thống",
            f"beneficiary '{text}' not found in the sheet 'Cơ sở CNNT' or in the registry",
        )
    name_key = fold(text)
    family = ctx.family(province)
    candidates = [
        obj for obj in ctx.pending.get(("facility-name", name_key), {}).values() if obj.province_id in family
    ]
    if not candidates:
        candidates = list(beneficiaries(ctx).filter(name_key=name_key, province_id__in=family)[:5])
    elsewhere = []
    if commune is not None:  # the same name in the đề án's commune (or an establishment without one)
        same = [obj for obj in candidates if obj.commune_id in (commune.pk, None)]
        elsewhere = [obj for obj in candidates if obj not in same]
        candidates = same
    if len(candidates) == 1:
        return candidates[0], None
    if candidates:
        return None, (
            f"có nhiều cơ sở tên '{text}'; ghi Mã số thuế của cơ sở",
            f"several establishments are named '{text}'; give its tax code",
        )
    return register_beneficiary(ctx, text, province, commune, elsewhere), None


def guess_kind(name):
    """The kind of establishment its name says ("HTX …", "Hộ kinh doanh …", "Công ty …"); a household
    business when the name does not say."""
    key = fold(name)
    for kind, prefixes in KIND_PREFIXES:
        if key.startswith(prefixes):
            return kind
    return FacilityKind.HOUSEHOLD


NEW_FACILITIES = "Cơ sở thụ hưởng mới"  # counts key of the establishments a đề án sheet registers


def register_beneficiary(ctx, name, province, commune, namesakes=()):
    """A new establishment for a beneficiary named in passing (not saved: the đề án sheet saves it when
    it writes the đề án), marked as registered by this import and to complete; later rows naming it
    again (same folded name and commune) find it. Listed in the import's warnings, with the namesakes
    of other communes (never merged with them)."""
    facility = Facility(
        name=name,
        kind=guess_kind(name),
        province=province,
        commune=commune,
        registered_by_import=(ctx.filename or "")[:255],
        to_complete=True,
    )
    key = ("facility", "new", fold(name), commune.pk if commune else None, province.pk)
    ctx.pending[key] = facility
    ctx.pending.setdefault(("facility-name", fold(name)), {})[key] = facility
    ctx.count(NEW_FACILITIES, "created")
    new = ctx.pending.setdefault(("facility", "new-names"), [])
    new.append(name)
    where = commune.full_name if commune else province.full_name
    vi = f"sẽ tạo mới {len(new)} cơ sở thụ hưởng chưa có trong hệ thống, đánh dấu 'cần bổ sung thông tin': "
    en = (
        f"{len(new)} beneficiary establishment(s) not in the registry will be created, marked 'to complete': "
    )
    _summary_warning(ctx, vi + "; ".join(new), en + "; ".join(new))
    for other in namesakes:
        place = other.commune.full_name if other.commune_id else other.province.full_name
        ctx.report.warning(
            f"cơ sở '{name}' ({where}) sẽ được tạo mới; đã có cơ sở cùng tên ở {place}: không gộp, "
            "kiểm tra lại nếu là một",
            f"establishment '{name}' ({where}) will be created; one of the same name exists in {place}: "
            "not merged, check whether they are the same",
        )
    return facility


def _summary_warning(ctx, vi, en):
    """One warning listing the establishments the import will create, kept up to date as rows add some."""
    from khuyencong.core.importing.report import WARNING, ImportIssue

    issue = ImportIssue(WARNING, vi, en)
    index = ctx.pending.get(("facility", "new-warning"))
    warnings = ctx.report.warnings
    if index is not None and index < len(warnings) and warnings[index].vi.startswith("sẽ tạo mới "):
        warnings[index] = issue
    elif ctx.report.warning(vi, en) is not None:
        ctx.pending[("facility", "new-warning")] = len(warnings) - 1
