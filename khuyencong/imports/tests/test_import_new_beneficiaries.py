"""Issue #18 (1): a đề án sheet naming beneficiaries that are not in the registry yet registers them.

Matched first by tax code, then by folded name + commune, always within the importer's scope; an
unmatched name becomes a new establishment marked as registered by the import and "to complete", listed
before the officer confirms; a same-named establishment of another commune is a warning, never merged."""

import pytest

from khuyencong.facilities.choices import FacilityKind
from khuyencong.facilities.models import Facility
from khuyencong.geography.models import AdminUnit
from khuyencong.imports.services import import_workbook
from khuyencong.programs.models import Project

from .test_import_scope import workbook

pytestmark = pytest.mark.django_db

HEADERS = [
    "STT",
    "Mã đề án",
    "Tên đề án",
    "Cấp",
    "Năm kế hoạch",
    "Tỉnh",
    "Xã/Phường",
    "Cơ sở thụ hưởng",
    "Kinh phí khuyến công (triệu đồng)",
    "Trạng thái",
]
NAMES = "HTX Dệt thổ cẩm Lạc Dương; Hộ kinh doanh Nguyễn Văn An"


def rows(commune, beneficiaries=NAMES, code="KCĐP-26-10"):
    return [
        [
            code,
            "Hỗ trợ máy dệt",
            "Địa phương",
            2026,
            "Lâm Đồng",
            commune,
            beneficiaries,
            "150",
            "Đã phê duyệt",
        ]
    ]


def other_commune(personas):
    return (
        AdminUnit.objects.filter(scheme="2025", level="commune", province=personas.lam_dong)
        .exclude(pk=personas.commune.pk)
        .order_by("code")
        .first()
    )


def test_beneficiaries_named_in_passing_are_registered_to_complete(personas, ref, tmp_path):
    path = workbook(tmp_path / "de-an.xlsx", ("Đề án khuyến công", HEADERS, rows(personas.commune.name)))
    preview = import_workbook(str(path), actor=personas.lamdong, dry_run=True)
    assert preview.ok, preview.errors()
    warnings = "\n".join(preview.warnings())
    assert "tạo mới 2 cơ sở" in warnings
    assert "HTX Dệt thổ cẩm Lạc Dương" in warnings and "Hộ kinh doanh Nguyễn Văn An" in warnings
    assert not Facility.objects.exists()

    result = import_workbook(str(path), actor=personas.lamdong)
    assert result.ok and result.written, result.errors()
    new = {f.name: f for f in Facility.objects.all()}
    assert set(new) == {"HTX Dệt thổ cẩm Lạc Dương", "Hộ kinh doanh Nguyễn Văn An"}
    assert new["HTX Dệt thổ cẩm Lạc Dương"].kind == FacilityKind.COOPERATIVE
    assert new["Hộ kinh doanh Nguyễn Văn An"].kind == FacilityKind.HOUSEHOLD
    for facility in new.values():
        assert facility.to_complete and facility.registered_by_import == "de-an.xlsx"
        assert (facility.province, facility.commune) == (personas.lam_dong, personas.commune)
    project = Project.objects.get(code="KCĐP-26-10")
    assert set(project.beneficiaries.all()) == set(new.values())

    # Imported again: the same establishments are matched by name and commune, nothing new.
    again = import_workbook(str(path), actor=personas.lamdong)
    assert again.ok and "tạo mới" not in "\n".join(again.warnings())
    assert Facility.objects.count() == 2


def test_a_same_named_establishment_of_another_commune_is_a_warning_not_a_merge(personas, ref, tmp_path):
    elsewhere = Facility.objects.create(
        name="HTX Dệt thổ cẩm Lạc Dương",
        kind=FacilityKind.COOPERATIVE,
        province=personas.lam_dong,
        commune=other_commune(personas),
    )
    beneficiary = "HTX DET THO CAM LAC DUONG"
    path = workbook(
        tmp_path / "de-an.xlsx", ("Đề án khuyến công", HEADERS, rows(personas.commune.name, beneficiary))
    )
    result = import_workbook(str(path), actor=personas.lamdong)
    assert result.ok, result.errors()
    warnings = "\n".join(result.warnings())
    assert "tạo mới 1 cơ sở" in warnings
    assert f"cùng tên ở {elsewhere.commune.full_name}" in warnings
    project = Project.objects.get(code="KCĐP-26-10")
    (linked,) = project.beneficiaries.all()
    assert linked.pk != elsewhere.pk and linked.commune == personas.commune and linked.to_complete


def test_another_provinces_namesake_is_neither_matched_nor_named(personas, ref, tmp_path):
    Facility.objects.create(
        name="HTX Dệt thổ cẩm Lạc Dương", kind=FacilityKind.COOPERATIVE, province=personas.ha_noi
    )
    path = workbook(
        tmp_path / "de-an.xlsx",
        ("Đề án khuyến công", HEADERS, rows(personas.commune.name, "HTX Dệt thổ cẩm Lạc Dương")),
    )
    result = import_workbook(str(path), actor=personas.lamdong)
    assert result.ok, result.errors()
    assert "Hà Nội" not in "\n".join(result.warnings())
    (linked,) = Project.objects.get(code="KCĐP-26-10").beneficiaries.all()
    assert linked.province == personas.lam_dong and linked.to_complete
