from datetime import date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from khuyencong.core.formatting import vn_area, vn_date, vn_document_date, vn_million, vn_number
from khuyencong.core.text import fold, nfc


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Đắk Nông", "dak nong"),
        ("ĐẮK NÔNG", "dak nong"),
        ("  dak   nong ", "dak nong"),
        ("Thuận An", "thuan an"),
        ("Cụm công nghiệp Ưu", "cum cong nghiep uu"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_ignores_case_diacritics_and_spacing(value, expected):
    assert fold(value) == expected


def test_nfc_composes_decomposed_text():
    decomposed = "Đắk Nông".encode().decode()  # already NFC; build NFD explicitly
    import unicodedata

    nfd = unicodedata.normalize("NFD", decomposed)
    assert nfd != decomposed
    assert nfc(f" {nfd}  ") == decomposed


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (7040, 0, "7.040"),
        (Decimal("89.61"), 2, "89,61"),
        (Decimal("1234567.891"), 2, "1.234.567,89"),
        (825, None, "825"),
        (Decimal("149.610"), None, "149,61"),
        (-1250, 0, "-1.250"),
        (0, 0, "0"),
    ],
)
def test_vn_number(value, decimals, expected):
    assert vn_number(value, decimals) == expected


def test_money_area_date():
    assert vn_million(7_040_000_000) == "7.040 triệu đồng"
    assert vn_million(3_362_500_000) == "3.362,5 triệu đồng"
    assert vn_area(Decimal("89.61")) == "89,61 ha"
    assert vn_date(date(2025, 5, 16)) == "16/05/2025"
    assert vn_date(datetime(2025, 5, 16, 8, 30)) == "16/05/2025"


def test_django_vi_locale_groups_thousands_and_reads_day_first_dates():
    from django import forms

    class F(forms.Form):
        day = forms.DateField()
        amount = forms.DecimalField(localize=True)

    with translation.override("vi"):
        rendered = Template("{{ n }} {{ d|date:'SHORT_DATE_FORMAT' }} {{ x }}").render(
            Context({"n": 7040, "d": date(2025, 5, 16), "x": Decimal("89.61")})
        )
        assert rendered == "7.040 16/05/2025 89,61"
        form = F({"day": "01/07/2025", "amount": "1.234,5"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == date(2025, 7, 1)
        assert form.cleaned_data["amount"] == Decimal("1234.5")


def test_template_filters():
    out = Template("{{ a|vn_million }} | {{ b|vn_area }} | {{ c|vn_date }}").render(
        Context({"a": 3_362_000_000, "b": Decimal("149.61"), "c": date(2025, 5, 16)})
    )
    assert out == "3.362 triệu đồng | 149,61 ha | 16/05/2025"


@pytest.mark.parametrize(
    "day, text",
    [
        (date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (date(2025, 5, 16), "ngày 16 tháng 5 năm 2025"),
        (date(2025, 3, 9), "ngày 09 tháng 3 năm 2025"),
        (date(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
    ],
)
def test_document_date_pads_days_below_10_and_months_1_2_only(day, text):
    # Decree 30/2020/NĐ-CP, Appendix I: "ngày 05 tháng 01 năm 2026", "ngày 16 tháng 5 năm 2025".
    assert vn_document_date(day) == text
