import json
from datetime import date

import pytest
from django.core.management import call_command

from khuyencong.geography.models import AdminUnit
from khuyencong.geography.services import UnitNotFound, resolve_province

pytestmark = pytest.mark.django_db


def test_counts_of_both_code_schemes():
    counts = {
        (scheme, level): AdminUnit.objects.filter(scheme=scheme, level=level).count()
        for scheme, level in [
            ("legacy", "province"),
            ("legacy", "district"),
            ("legacy", "commune"),
            ("2025", "province"),
            ("2025", "commune"),
        ]
    }
    assert counts == {
        ("legacy", "province"): 63,
        ("legacy", "district"): 696,
        ("legacy", "commune"): 10051,
        ("2025", "province"): 34,
        ("2025", "commune"): 3321,
    }
    new_types = AdminUnit.objects.filter(scheme="2025", level="commune").values_list("unit_type", flat=True)
    assert set(new_types) == {"xa", "phuong", "dac_khu"}


def test_provinces_valid_on_a_date():
    assert AdminUnit.objects.provinces().valid_on(date(2025, 6, 30)).count() == 63
    assert AdminUnit.objects.provinces().valid_on(date(2025, 7, 1)).count() == 34
    assert AdminUnit.objects.communes().valid_on(date(2025, 7, 1)).count() == 3321


def test_codes_overlap_but_schemes_are_kept_apart():
    # Code 68 is Lâm Đồng in both lists, but they are different units with different validity.
    old = AdminUnit.objects.get(scheme="legacy", level="province", code="68")
    new = AdminUnit.objects.get(scheme="2025", level="province", code="68")
    assert old.pk != new.pk and old.valid_to == date(2025, 6, 30) and new.valid_to is None


def test_every_former_province_has_a_successor():
    orphans = AdminUnit.objects.filter(scheme="legacy", level="province", successor_links__isnull=True)
    assert list(orphans) == []
    districts_without = AdminUnit.objects.filter(
        scheme="legacy", level="district", successor_links__isnull=True
    )
    assert districts_without.count() == 0


@pytest.mark.parametrize("text", ["dak nong", "ĐẮK NÔNG", "Đắk Nông", "tỉnh đắk nông", "  Dak  Nong "])
def test_lookup_ignores_case_and_diacritics_and_finds_successor(text):
    unit = resolve_province(text, on=date(2025, 5, 16))
    assert (unit.scheme, unit.code, unit.name) == ("legacy", "67", "Đắk Nông")
    assert [u.name for u in unit.current_units()] == ["Lâm Đồng"]


def test_former_province_can_be_named_today():
    unit = resolve_province("dak nong")
    assert unit.code == "67" and unit.scheme == "legacy"


def test_lam_dong_today_was_formed_from_three_provinces():
    lam_dong = resolve_province("lam dong")
    assert lam_dong.scheme == "2025"
    assert sorted(u.name for u in lam_dong.predecessors().filter(level="province")) == [
        "Bình Thuận",
        "Lâm Đồng",
        "Đắk Nông",
    ]
    assert len(lam_dong.all_predecessor_ids()) >= 4


def test_lookup_by_code_and_unknown_name():
    assert resolve_province("01").name == "Hà Nội"
    with pytest.raises(UnitNotFound):
        resolve_province("Atlantis")


def test_new_communes_carry_their_forming_resolution_and_old_communes():
    ward = AdminUnit.objects.get(scheme="2025", level="commune", code="00004")
    assert ward.name == "Ba Đình" and "1656/NQ-UBTVQH15" in ward.legal_basis
    assert "Trúc Bạch" in {u.name for u in ward.predecessors()}


def test_cli_provinces_json(capsys):
    call_command("geo", "provinces", "--format", "json")
    today = json.loads(capsys.readouterr().out)
    call_command("geo", "provinces", "--date", "2025-06-30", "--format", "json")
    before = json.loads(capsys.readouterr().out)
    assert (len(today), len(before)) == (34, 63)
    assert {"code": "67", "name": "Đắk Nông"}.items() <= next(p for p in before if p["code"] == "67").items()


def test_cli_lookup_json(capsys):
    call_command("geo", "lookup", "dak nong", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "Đắk Nông" and [s["name"] for s in data["successors"]] == ["Lâm Đồng"]


def test_loading_again_changes_nothing():
    from khuyencong.geography.loader import load_units
    from khuyencong.geography.models import Succession

    before = (AdminUnit.objects.count(), Succession.objects.count())
    load_units()
    assert (AdminUnit.objects.count(), Succession.objects.count()) == before
