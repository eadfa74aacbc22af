"""Import machinery, cell level: Vietnamese numbers, dates, choices and text, and TCVN3/VNI legacy text."""

import unicodedata
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khuyencong.core.importing import (
    PROVINCE_PREFIXES,
    TCVN3,
    VNI,
    CellError,
    clean_text,
    convert_legacy,
    detect_legacy_encoding,
    fix_legacy_text,
    parse_choice,
    parse_vn_date,
    parse_vn_decimal,
    parse_vn_int,
)
from khuyencong.core.importing.parsers import fold_words
from khuyencong.core.text import fold

# Choice lists and text shared with the workbook tests.
PROVINCES = {"67": ["Đắk Nông"], "68": ["Lâm Đồng"], "79": ["Thành phố Hồ Chí Minh", "TP HCM"]}
WWTP = {"yes": ["Có", "Yes"], "no": ["Không", "No"], "building": ["Đang xây dựng", "Under construction"]}
NFD = unicodedata.normalize("NFD", "Cụm công nghiệp Nhân Cơ")


# -- parsers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.250", Decimal(1250)),
        ("89,61", Decimal("89.61")),
        ("1.234,5", Decimal("1234.5")),
        ("1,234.5", Decimal("1234.5")),
        ("1.234.567", Decimal(1234567)),
        ("1,234,567", Decimal(1234567)),
        ("1,250", Decimal("1.25")),  # one comma is the Vietnamese decimal comma
        ("89.61", Decimal("89.61")),  # cannot be a thousands group
        ("0.250", Decimal("0.25")),
        ("1234.5", Decimal("1234.5")),
        ("-1.250", Decimal(-1250)),
        ("−3,5", Decimal("-3.5")),
        ("(1.250)", Decimal(-1250)),
        ("+5", Decimal(5)),
        (" 1 250 ", Decimal(1250)),
        ("1\u00a0250,5", Decimal("1250.5")),
        (",5", Decimal("0.5")),
        (1250, Decimal(1250)),
        (1250.0, Decimal(1250)),
        (89.61, Decimal("89.61")),
        (Decimal("7.5"), Decimal("7.5")),
    ],
)
def test_parse_vn_decimal(value, expected):
    assert parse_vn_decimal(value) == expected


@pytest.mark.parametrize(
    "value", ["12a", "1..2", "1.23,5", "1.2.3", "1,2,3", "5,", "--1", "-", "", "  ", None, True, "1,234,56"]
)
def test_parse_vn_decimal_refuses(value):
    with pytest.raises(CellError) as exc:
        parse_vn_decimal(value)
    assert " / " in str(exc.value)


def test_parse_vn_decimal_message_is_bilingual():
    with pytest.raises(CellError) as exc:
        parse_vn_decimal("12a")
    assert exc.value.vi == "'12a' không phải là số (viết như 1.250 hoặc 89,61)"
    assert exc.value.en.startswith("'12a' is not a number")
    assert str(exc.value) == f"{exc.value.vi} / {exc.value.en}"


def test_parse_vn_int():
    assert parse_vn_int("1.250") == 1250
    assert parse_vn_int(12.0) == 12
    assert parse_vn_int("-3") == -3
    with pytest.raises(CellError, match="1,5 không phải là số nguyên"):
        parse_vn_int("1,5")
    with pytest.raises(CellError):
        parse_vn_int("mười")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("16/05/2025", date(2025, 5, 16)),
        ("16-05-2025", date(2025, 5, 16)),
        ("16.05.2025", date(2025, 5, 16)),
        ("2025-05-16", date(2025, 5, 16)),
        ("16/5/2025", date(2025, 5, 16)),
        (" 1/1/2020 ", date(2020, 1, 1)),
        ("16/05/2025 00:00:00", date(2025, 5, 16)),
        ("2025-05-16 00:00:00", date(2025, 5, 16)),
        ("ngày 16 tháng 5 năm 2025", date(2025, 5, 16)),
        ("29/02/2024", date(2024, 2, 29)),
        (datetime(2025, 5, 16, 8, 30), date(2025, 5, 16)),
        (date(2025, 5, 16), date(2025, 5, 16)),
        (45793, date(2025, 5, 16)),  # Excel serial number
    ],
)
def test_parse_vn_date(value, expected):
    assert parse_vn_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2024", "ngày 31/02/2024 không tồn tại / date 31/02/2024 does not exist"),
        ("29/02/2023", "ngày 29/02/2023 không tồn tại"),
        ("16/13/2025", "ngày 16/13/2025 không tồn tại"),
        ("0/1/2025", "ngày 00/01/2025 không tồn tại"),
        ("16/05/25", "cần năm đủ 4 chữ số"),
        ("abc", "không phải là ngày"),
        ("16/05/2025x", "không phải là ngày"),
        (2024, "không phải là ngày"),
        ("", "ô trống"),
    ],
)
def test_parse_vn_date_refuses(value, message):
    with pytest.raises(CellError) as exc:
        parse_vn_date(value)
    assert message in str(exc.value)


def test_parse_choice_is_case_and_diacritic_insensitive():
    for text in [
        "Đang xây dựng",
        "ĐANG XÂY DỰNG",
        "dang xay dung",
        "  đang  xây dựng ",
        "Under construction",
    ]:
        assert parse_choice(text, WWTP) == "building"
    assert parse_choice("building", WWTP) == "building"  # the code itself
    nfd = unicodedata.normalize("NFD", "Không")
    assert parse_choice(nfd, WWTP) == "no"


def test_parse_choice_with_province_prefixes():
    for text in ["Đắk Nông", "Tỉnh Đắk Nông", "TỈNH ĐẮK NÔNG", "dak nong", "tinh dak nong", "Đắk Nông."]:
        assert parse_choice(text, PROVINCES, PROVINCE_PREFIXES) == "67"
    for text in ["Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "tp ho chi minh", "TP HCM"]:
        assert parse_choice(text, PROVINCES, PROVINCE_PREFIXES) == "79"


def test_parse_choice_lists_accepted_values():
    with pytest.raises(CellError) as exc:
        parse_choice("Hoàn thành", WWTP)
    assert exc.value.vi == "giá trị 'Hoàn thành' không hợp lệ; chấp nhận: Có, Không, Đang xây dựng"
    assert exc.value.en == "invalid value 'Hoàn thành'; accepted: Có, Không, Đang xây dựng"


def test_clean_text():
    assert clean_text(NFD) == "Cụm công nghiệp Nhân Cơ"
    assert clean_text("  Thuận \n\t An  ") == "Thuận An"
    assert clean_text("Nh\u200ban Cơ\ufeff") == "Nhan Cơ"
    assert clean_text("   ") is None
    assert clean_text("") is None
    assert clean_text(None) is None
    assert clean_text(12.0) == "12"
    assert clean_text(12.5) == "12.5"
    assert clean_text(7) == "7"
    assert clean_text(datetime(2025, 5, 16)) == "16/05/2025"
    assert clean_text("Th¸i Nguyªn") == "Thái Nguyên"
    assert clean_text(" B×nh  D\xad¬ng ") == "Bình Dương"  # U+00AD is the TCVN3 "ư", not a soft hyphen
    assert clean_text("Bình Döông") == "Bình Dương"
    with pytest.raises(CellError, match="TCVN3"):
        clean_text("Th¸i Nguy°n")


# -- legacy encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding", "unicode"),
    [
        ("Th¸i Nguyªn", TCVN3, "Thái Nguyên"),
        ("§¾k N«ng", TCVN3, "Đắk Nông"),
        ("Hµ Néi - §µ N½ng", TCVN3, "Hà Nội - Đà Nẵng"),
        ("Côm c«ng nghiÖp", TCVN3, "Cụm công nghiệp"),
        ("Tæng céng", TCVN3, "Tổng cộng"),
        ("B×nh D\xad¬ng", TCVN3, "Bình Dương"),
        ("NguyÔn V¨n Tr\xadêng", TCVN3, "Nguyễn Văn Trường"),
        ("L©m §ång", TCVN3, "Lâm Đồng"),
        ("UBND TØNH L¢M §åNG", TCVN3, "UBND TỈNH LÂM ĐỒNG"),  # .VnTimeH capitals
        ("T¹ V¨n A", TCVN3, "Tạ Văn A"),
        ("Ñaék Noâng", VNI, "Đắk Nông"),
        ("Thaùi Nguyeân", VNI, "Thái Nguyên"),
        ("Cuïm coâng nghieäp", VNI, "Cụm công nghiệp"),
        ("Thaønh phoá Hoà Chí Minh", VNI, "Thành phố Hồ Chí Minh"),
        ("Bình Döông", VNI, "Bình Dương"),
        ("Nguyeãn Thò Hoàng", VNI, "Nguyễn Thị Hồng"),
        ("ñöôïc pheâ duyeät", VNI, "được phê duyệt"),
        ("HAØ NOÄI", VNI, "HÀ NỘI"),
        ("Kroâng Paéc, Cö Juùt", VNI, "Krông Pắc, Cư Jút"),
    ],
)
def test_legacy_detection_and_conversion(text, encoding, unicode):
    assert detect_legacy_encoding(text) == encoding
    assert convert_legacy(text, encoding) == unicode
    assert fix_legacy_text(text) == unicode


@pytest.mark.parametrize(
    "text",
    [
        "Thái Nguyên",  # Latin-1 only, but valid Unicode Vietnamese
        "Hoàng",  # would read "Hồng" in VNI: Unicode wins when it is valid
        "Khánh Hòa",
        "Đắk Nông",
        "Cụm công nghiệp",
        "Müller GmbH",
        "Café",
        "25°C, 1.000 m²",
        "ABC 123",
        "",
    ],
)
def test_unicode_text_is_not_legacy(text):
    assert detect_legacy_encoding(text) is None
    assert fix_legacy_text(text) == text


def test_partially_convertible_legacy_text_is_refused():
    assert detect_legacy_encoding("Th¸i Nguy°n") == TCVN3
    with pytest.raises(CellError) as exc:
        fix_legacy_text("Th¸i Nguy°n")
    assert "TCVN3" in exc.value.vi and "không chuyển đổi được hoàn toàn" in exc.value.vi
    assert "'Nguy°n'" in exc.value.vi
    assert "cannot be fully converted" in exc.value.en
    with pytest.raises(CellError, match="VNI"):
        convert_legacy("Ñaék Noâng¿", VNI)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(list("Đđ ẾếỘộ\u0301\u00a0\t\n"))))
def test_fold_words_is_fold(text):
    assert fold_words(text) == fold(text)
