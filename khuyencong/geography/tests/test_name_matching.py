"""Issue #18 (6b): province and commune names as officers write them, and a suggestion for an unknown one."""

from datetime import date

import pytest

from khuyencong.geography.models import AdminUnit
from khuyencong.geography.services import UnitNotFound, resolve_province, resolve_unit

pytestmark = pytest.mark.django_db

BEFORE = date(2024, 6, 1)  # the legacy provinces
AFTER = date(2026, 1, 1)  # the 2025 provinces


@pytest.mark.parametrize(
    "text, on, name",
    [
        ("T. Bình Thuận", BEFORE, "Bình Thuận"),
        ("t binh thuan", BEFORE, "Bình Thuận"),
        ("TỈNH BÌNH THUẬN", BEFORE, "Bình Thuận"),
        ("TP. HCM", AFTER, "Hồ Chí Minh"),
        ("tp hcm", AFTER, "Hồ Chí Minh"),
        ("TP.HCM", AFTER, "Hồ Chí Minh"),
        ("Tp Hồ Chí Minh", AFTER, "Hồ Chí Minh"),
        ("thanh pho ho chi minh", AFTER, "Hồ Chí Minh"),
        ("HCM", AFTER, "Hồ Chí Minh"),
        ("Thành phố Hà Nội", AFTER, "Hà Nội"),
        ("TP Ha Noi", AFTER, "Hà Nội"),
    ],
)
def test_province_names_with_prefixes_and_abbreviations(geo, text, on, name):
    assert resolve_province(text, on=on).name == name


def test_commune_names_with_prefixes(geo):
    province = resolve_province("Lâm Đồng", on=AFTER)
    commune = AdminUnit.objects.filter(
        scheme="2025", level="commune", province=province, name="Mũi Né"
    ).first()
    assert commune is not None
    for text in ("P. Mũi Né", "phuong mui ne", "PHƯỜNG MŨI NÉ", "Mui Ne"):
        assert resolve_unit(text, "commune", on=AFTER, within=province) == commune, text


def test_an_unknown_name_suggests_the_closest_units_valid_that_day(geo):
    with pytest.raises(UnitNotFound) as found:
        resolve_province("Lam Dongg", on=AFTER)
    assert [unit.name for unit in found.value.suggestions][:1] == ["Lâm Đồng"]
    assert found.value.hint_vi == " — có phải là 'Tỉnh Lâm Đồng'?"
    assert found.value.hint_en == " — did you mean 'Tỉnh Lâm Đồng'?"
    # Before July 2025 Đắk Nông existed: it is suggested for a misspelling then, not after.
    with pytest.raises(UnitNotFound) as found:
        resolve_province("Dac Nongg", on=BEFORE)
    assert "Đắk Nông" in [unit.name for unit in found.value.suggestions]


def test_an_import_row_with_an_unknown_province_says_which_one_it_may_be(personas, tmp_path):
    from khuyencong.imports.services import import_workbook
    from khuyencong.imports.tests.test_import_scope import workbook

    headers = ["STT", "Mã CCN", "Tên CCN", "Tỉnh", "Diện tích quy hoạch (ha)"]
    rows = [["CCN-1", "Lộc Sơn", "Lam Dongg", "50"], ["CCN-2", "Đạ Tẻh", "TP. Lâm Đồng", "20"]]
    path = workbook(tmp_path / "ccn.xlsx", ("Cụm công nghiệp", headers, rows))
    result = import_workbook(str(path), actor=personas.lamdong, dry_run=True)
    errors = "\n".join(result.errors())
    assert "không tìm thấy tỉnh/thành phố 'Lam Dongg' — có phải là 'Tỉnh Lâm Đồng'?" in errors
    assert "province 'Lam Dongg' not found — did you mean 'Tỉnh Lâm Đồng'?" in errors
    assert "TP. Lâm Đồng" not in errors  # a prefix, even the wrong one, is only a prefix
