"""Property-based tests (hypothesis) of the import cell parsers: random numbers, dates and any text.

The properties (issue #9, item 5): a parser either returns a value or raises `CellError` — the documented
validation error whose Vietnamese / English message the import report places at its sheet, row and
column — never another exception; numbers and dates written the Vietnamese way read back to the value
they were written from; NFC and NFD spellings read the same; TCVN3/VNI mojibake of Vietnamese text is
recognised and converted back. Example counts are bounded so the module runs in seconds.
"""

import unicodedata
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from khuyencong.core.importing import (
    PROVINCE_PREFIXES,
    CellError,
    clean_text,
    detect_legacy_encoding,
    fix_legacy_text,
    is_vietnamese_syllable,
    parse_choice,
    parse_vn_date,
    parse_vn_decimal,
    parse_vn_int,
)
from khuyencong.core.importing.legacy import TCVN3_TABLE, VNI_TABLE
from khuyencong.core.text import fold

BOUNDED = settings(max_examples=150, deadline=None, database=None)
# Tests that use the database get function-scoped fixtures (read only here, so shared by the examples).
FEW_DB = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Any Unicode text (surrogates cannot be stored anywhere, so they are left out).
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
# Values of the types openpyxl returns for a cell.
CELL_VALUES = st.one_of(
    ANY_TEXT,
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)
# Real Vietnamese syllables, with every vowel and tone family, as officers write them.
SYLLABLES = (  # noqa: SIM905 - a sentence of words reads better than a 120-item list
    "thái nguyên đắk nông lâm đồng hà nội cà phê mây tre đan cơ khí gốm sứ dệt may chế biến nông sản "
    "hợp tác xã hộ kinh doanh công ty cổ phần trách nhiệm hữu hạn sở công thương khuyến công đề án "
    "trung tâm tỉnh thành phố xã phường quyết định phê duyệt nghiệm thu thanh quyết toán điều chỉnh "
    "gia nghĩa buôn ma thuột quảng ngãi bắc giang hưng yên thừa thiên huế khánh hòa nghệ an ninh thuận "
    "hải dương vĩnh phúc lạng sơn tuyên quang điện biên sóc trăng bạc liêu cần thơ đà nẵng quỳnh lưu "
    "đường ướt rượu khuỷu nguyễn huỳnh phạm trần lê vũ võ đặng bùi đỗ hồ ngô dương lý"
).split()
VIETNAMESE = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=6).map(" ".join)


def nfd(text):
    return unicodedata.normalize("NFD", text)


def vn_format(integer, fraction, negative):
    """Write a number the Vietnamese way: '.' groups thousands, ',' before the decimals."""
    text = f"{integer:,}".replace(",", ".") + (f",{fraction}" if fraction else "")
    return f"-{text}" if negative else text


NUMBER_PARTS = st.tuples(
    st.integers(min_value=0, max_value=10**15),
    st.text("0123456789", max_size=6),
    st.booleans(),
)


def value_of(integer, fraction, negative):
    value = Decimal(f"{integer}.{fraction}") if fraction else Decimal(integer)
    return -value if negative else value


# -- never a crash -----------------------------------------------------------------------------------


@BOUNDED
@given(CELL_VALUES)
def test_every_parser_returns_a_value_or_a_cell_error(value):
    for parser in (parse_vn_decimal, parse_vn_int, parse_vn_date, clean_text):
        try:
            parser(value)
        except CellError as error:
            assert error.vi and error.en and str(error) == f"{error.vi} / {error.en}"


@BOUNDED
@given(ANY_TEXT)
def test_choice_parser_returns_a_code_or_a_cell_error(text):
    choices = {"hh": ["Hộ kinh doanh", "Household"], "htx": ["Hợp tác xã", "HTX"]}
    try:
        cleaned = clean_text(text)
    except CellError:
        cleaned = None  # e.g. legacy-encoded text that cannot be converted: its own message
    try:
        assert parse_choice(text, choices, PROVINCE_PREFIXES) in choices
    except CellError as error:
        if cleaned:
            assert f"giá trị '{cleaned}' không hợp lệ; chấp nhận: Hộ kinh doanh, Hợp tác xã" == error.vi


@BOUNDED
@given(st.sampled_from(["Hộ kinh doanh", "Household", "Hợp tác xã", "HTX"]), st.data())
def test_choice_labels_match_in_any_case_form_and_with_a_prefix(label, data):
    choices = {"hh": ["Hộ kinh doanh", "Household"], "htx": ["Hợp tác xã", "HTX"]}
    code = "hh" if label in ("Hộ kinh doanh", "Household") else "htx"
    variant = data.draw(st.sampled_from([label, label.upper(), label.lower(), nfd(label), fold(label)]))
    prefix = data.draw(st.sampled_from(["", "Tỉnh ", "TP. ", "thành phố "]))
    assert parse_choice(f" {prefix}{variant}. ", choices, PROVINCE_PREFIXES) == code


# -- numbers -----------------------------------------------------------------------------------------


@BOUNDED
@given(NUMBER_PARTS, st.sampled_from(["", " ", "\u00a0", "\t"]))
def test_numbers_written_the_vietnamese_way_read_back(parts, padding):
    integer, fraction, negative = parts
    text = padding + vn_format(integer, fraction, negative) + padding
    assert parse_vn_decimal(text) == value_of(*parts)
    assert parse_vn_decimal(nfd(text)) == value_of(*parts)


@BOUNDED
@given(NUMBER_PARTS, st.sampled_from([" ", "\u00a0"]))
def test_spaces_may_group_thousands_and_parentheses_mean_negative(parts, space):
    integer, fraction, negative = parts
    grouped = f"{integer:,}".replace(",", space) + (f",{fraction}" if fraction else "")
    expected = value_of(integer, fraction, False)
    assert parse_vn_decimal(grouped) == expected
    assert parse_vn_decimal(f"({grouped})") == -expected
    assert parse_vn_decimal(f"\u2212{grouped}") == -expected


@BOUNDED
@given(st.integers(min_value=1000, max_value=10**15), st.text("0123456789", min_size=1, max_size=6))
def test_english_numbers_with_both_separators_read_back(integer, fraction):
    assert parse_vn_decimal(f"{integer:,}.{fraction}") == Decimal(f"{integer}.{fraction}")


@BOUNDED
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_whole_numbers_read_back_as_int_from_any_form(number):
    written = vn_format(abs(number), "", number < 0)
    assert parse_vn_int(written) == number
    assert parse_vn_int(number) == number
    assert parse_vn_int(float(number)) == number or abs(number) > 2**53


@BOUNDED
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_fractions_are_refused_where_a_whole_number_is_needed(integer, cents):
    with pytest.raises(CellError, match="không phải là số nguyên"):
        parse_vn_int(f"{vn_format(integer, '', False)},{cents:02d}")


@BOUNDED
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numeric_cells_are_taken_as_they_are(number):
    assert parse_vn_decimal(number) == Decimal(repr(number)) or number.is_integer()
    assert float(parse_vn_decimal(number)) == number


@BOUNDED
@given(ANY_TEXT.filter(lambda t: not any(ch.isdigit() for ch in t)))
def test_text_without_digits_is_never_a_number(text):
    with pytest.raises(CellError):
        parse_vn_decimal(text)


# -- dates -------------------------------------------------------------------------------------------

DATES = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))


@BOUNDED
@given(DATES, st.sampled_from(["/", "-", "."]), st.booleans(), st.sampled_from(["", " 00:00:00", " 00:00"]))
def test_dates_written_day_first_read_back(day, separator, padded, tail):
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if padded else (str(day.day), str(day.month))
    assert parse_vn_date(f"{d}{separator}{m}{separator}{day.year}{tail}") == day
    assert parse_vn_date(f"{day:%Y-%m-%d}") == day


@BOUNDED
@given(
    DATES,
    st.sampled_from(["ngày {d} tháng {m} năm {y}", "Ngày {d} tháng {m} năm {y}", "{d} tháng {m} năm {y}"]),
)
def test_dates_in_words_read_back_in_nfc_nfd_and_capitals(day, pattern):
    text = pattern.format(d=day.day, m=day.month, y=day.year)
    for variant in (text, nfd(text), text.upper(), fold(text)):
        assert parse_vn_date(variant) == day


@BOUNDED
@given(st.datetimes(min_value=datetime(1000, 1, 1)))
def test_date_cells_give_their_day(moment):
    assert parse_vn_date(moment) == moment.date()
    assert parse_vn_date(moment.date()) == moment.date()


@BOUNDED
@given(
    st.integers(min_value=1, max_value=31), st.integers(min_value=1, max_value=99), st.integers(1000, 9999)
)
def test_days_that_do_not_exist_are_named_in_the_message(day, month, year):
    try:
        date(year, month, day)
    except ValueError:
        with pytest.raises(CellError, match=f"ngày {day:02d}/{month:02d}/{year} không tồn tại"):
            parse_vn_date(f"{day}/{month}/{year}")
    else:
        assert parse_vn_date(f"{day}/{month}/{year}") == date(year, month, day)


@BOUNDED
@given(st.one_of(st.integers(), st.floats(allow_nan=False)))
def test_numbers_are_dates_only_as_excel_serials_between_1950_and_2100(number):
    try:
        parsed = parse_vn_date(number)
    except CellError as error:
        assert "không phải là ngày" in error.vi
        assert not 18264 <= number <= 73415
    else:
        assert date(1950, 1, 1) <= parsed <= date(2100, 12, 31)


# -- text: NFC/NFD, white space, legacy encodings ------------------------------------------------------


@BOUNDED
@given(ANY_TEXT)
def test_clean_text_is_nfc_trimmed_and_idempotent(text):
    try:
        cleaned = clean_text(text)
    except CellError:
        return
    if cleaned is None:  # only white space and zero-width characters
        assert not text.translate(dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))).strip()
        return
    assert unicodedata.is_normalized("NFC", cleaned)
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert clean_text(cleaned) == cleaned


@BOUNDED
@given(VIETNAMESE, st.sampled_from(["", " ", "  ", "\u00a0", "\n"]))
def test_nfd_and_nfc_text_clean_to_the_same_value(text, space):
    spaced = space + text.replace(" ", f" {space}") + space
    assert clean_text(nfd(spaced)) == clean_text(spaced) == text
    assert clean_text(text.upper()) == text.upper()


def tcvn3(text):
    inverse = {target: source for source, target in TCVN3_TABLE.items() if target == target.lower()}
    return "".join(inverse.get(ch, ch) for ch in text)


def vni(text):
    inverse = {}
    for source, target in VNI_TABLE.items():
        if target == target.lower() and source == source.lower():
            inverse.setdefault(target, source)
    return "".join(inverse.get(ch, ch) for ch in text)


def reads_as_vietnamese(text):
    return all(is_vietnamese_syllable(word) for word in text.split() if not word.isascii())


@BOUNDED
@given(VIETNAMESE)
def test_tcvn3_mojibake_is_recognised_and_converted_back(text):
    legacy = tcvn3(text)
    assume(legacy != text and not reads_as_vietnamese(legacy))  # ties stay as written (legacy.py)
    assert detect_legacy_encoding(legacy) == "tcvn3"
    assert fix_legacy_text(legacy) == text
    assert clean_text(legacy) == text


@BOUNDED
@given(VIETNAMESE)
def test_vni_mojibake_is_recognised_and_converted_back(text):
    legacy = vni(text)
    assume(legacy != text and not reads_as_vietnamese(legacy))
    if len(legacy) > len(text):  # VNI wrote a toned vowel as letter + mark: unmistakably VNI
        assert detect_legacy_encoding(legacy) == "vni"
    else:  # only ư/ơ/đ-style single characters: "höng" is VNI "hưng" or TCVN3 "hửng" (both words)
        assert detect_legacy_encoding(legacy) in ("vni", "tcvn3")
    if detect_legacy_encoding(legacy) == "vni":
        assert fix_legacy_text(legacy) == text
        assert clean_text(legacy) == text


@BOUNDED
@given(VIETNAMESE)
def test_unicode_vietnamese_is_never_taken_for_legacy_text(text):
    assert detect_legacy_encoding(text) is None
    assert detect_legacy_encoding(nfd(text)) is None
    assert fix_legacy_text(text) == text


# -- province names ----------------------------------------------------------------------------------


def spellings(unit):
    """How officers write a province: as named, full name, capitals, NFD, without diacritics, code."""
    names = [unit.name, unit.full_name, unit.name.upper(), unit.full_name.upper(), fold(unit.name)]
    return [*names, *(nfd(n) for n in names), f"  {unit.full_name}  ".replace(" ", "  "), unit.code]


@pytest.mark.django_db
@FEW_DB
@given(data=st.data())
def test_province_names_resolve_in_every_spelling(geo, data):
    from khuyencong.geography.models import AdminUnit
    from khuyencong.geography.services import resolve_province

    provinces = list(AdminUnit.objects.filter(level="province", scheme="2025").order_by("code"))
    unit = data.draw(st.sampled_from(provinces))
    text = data.draw(st.sampled_from(spellings(unit)))
    assert resolve_province(clean_text(text)) == unit


@pytest.mark.django_db
@FEW_DB
@given(text=st.one_of(ANY_TEXT, VIETNAMESE))
def test_any_province_text_resolves_or_is_not_found(geo, text):
    from khuyencong.geography.services import resolve_province

    try:
        cleaned = clean_text(text)
    except CellError:
        return
    assume(cleaned and "\x00" not in cleaned)  # a spreadsheet cell cannot hold NUL (XML 1.0)
    try:
        unit = resolve_province(cleaned)
    except LookupError:  # UnitNotFound / AmbiguousUnit: the import reports "không tìm thấy tỉnh ..."
        return
    assert unit.level == "province"
    assert fold(cleaned) in {fold(unit.name), fold(unit.full_name)} or cleaned == unit.code


def test_a_time_part_is_dropped_never_misread_as_a_day():
    assert parse_vn_date("16/05/2025 13:45") == date(2025, 5, 16)
    assert parse_vn_date(datetime.combine(date(2025, 5, 16), time(13, 45))) == date(2025, 5, 16)
