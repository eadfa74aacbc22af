"""Value parsers for spreadsheet cells: Vietnamese numbers, dates, choices and clean text.

Every parser takes one cell value (as openpyxl returns it: str, int, float, datetime, date, bool)
and returns the parsed value or raises `CellError` with a Vietnamese / English message. `SheetReader`
only calls a column's parser for non-empty cells; called directly with an empty value the parsers
raise CellError("ô trống / empty cell").

Number rule (`parse_vn_decimal`), for text cells:
- spaces (also non-breaking) are thousands separators and are removed; a leading "-"/"−" or
  surrounding parentheses make the number negative; a leading "+" is allowed;
- both "." and "," present: the last one is the decimal separator, the other groups thousands in
  threes ("1.234,5" and "1,234.5" are both 1234.5; "1.23,5" is refused);
- only ",": one comma is the decimal comma ("89,61" = 89.61, "1,250" = 1.25, the Vietnamese
  reading); several commas must group thousands ("1,234,567");
- only ".": several dots must group thousands ("1.234.567"); one dot followed by exactly three
  digits after a first group of 1-3 digits not starting with 0 groups thousands ("1.250" = 1250,
  the Vietnamese reading); any other single dot is a decimal point ("89.61", "0.250", "1234.5").
Numeric cells are taken as they are (a float through its shortest repr, so 89.61 stays 89.61).
"""

import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..formatting import vn_number
from ..text import fold
from .errors import CellError
from .legacy import fix_legacy_text

_SPACES = re.compile(r"\s+")
# Zero-width characters are dropped (not U+00AD: the soft hyphen is the TCVN3 code of "ư").
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_HAS_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:X[0-9]{3})+")  # X stands for the grouping separator
_PLAIN = re.compile(r"[0-9]+")


def is_blank(value):
    """True for None and for text that is empty or only white space."""
    return value is None or (isinstance(value, str) and not value.strip())


_fold_word = lru_cache(maxsize=16384)(fold)


def fold_words(text):
    """`core.text.fold(text)`, exactly, word by word with the folded words cached: an import folds the same
    few hundred words (names of places, categories, units) tens of thousands of times."""
    if not text:
        return ""
    text = str(text)
    if text.isascii():
        return " ".join(text.lower().split())
    words = [word.lower() if word.isascii() else _fold_word(word) for word in text.split()]
    return " ".join([word for word in words if word])


def _empty():
    return CellError("ô trống", "empty cell")


def clean_text(value):
    """Cell value as clean text: legacy TCVN3/VNI converted, NFC, trimmed, inner white space folded.

    Returns None for an empty value. Numbers become text without a spurious ".0" (a code typed as
    the number 12 reads "12"); dates become dd/mm/yyyy. Raises CellError for legacy-encoded text
    that cannot be fully converted.
    """
    if value is None:
        return None
    if isinstance(value, str):
        # " ".join(split()) is _SPACES.sub(" ", text).strip(): the same white space, about twice as fast.
        if value.isascii():
            text = " ".join(value.split())
        else:
            if _HAS_INVISIBLE.search(value):
                value = value.translate(_INVISIBLE)
            text = " ".join(fix_legacy_text(unicodedata.normalize("NFC", value)).split())
        return text or None
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y") if value.time() == time() else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _grouped(text, sep):
    return _GROUPED.fullmatch(text.replace(sep, "X")) is not None


def _number_text(text):
    """Canonical "-1234.5" for a Vietnamese/English number text, or None if it is not a number."""
    text = _SPACES.sub("", text.replace("\u2212", "-"))
    negative = False
    if len(text) > 2 and text[0] == "(" and text[-1] == ")":
        negative, text = True, text[1:-1]
    if text[:1] in ("+", "-") and text[:1]:
        negative = negative != (text[0] == "-")
        text = text[1:]
    if "." in text and "," in text:
        decimal_sep = "." if text.rfind(".") > text.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
        integer, _, fraction = text.rpartition(decimal_sep)
        if not _grouped(integer, group_sep):
            return None
        integer = integer.replace(group_sep, "")
    elif "," in text:
        if text.count(",") == 1:
            integer, fraction = text.split(",")
        elif _grouped(text, ","):
            integer, fraction = text.replace(",", ""), ""
        else:
            return None
    elif "." in text:
        if _grouped(text, "."):
            integer, fraction = text.replace(".", ""), ""
        elif text.count(".") == 1:
            integer, fraction = text.split(".")
        else:
            return None
    else:
        integer, fraction = text, ""
    if not _PLAIN.fullmatch(integer or ("0" if fraction else "")):
        return None
    if fraction and not _PLAIN.fullmatch(fraction):
        return None
    if not fraction and text[-1:] in (",", "."):
        return None
    return ("-" if negative else "") + (integer or "0") + (f".{fraction}" if fraction else "")


def parse_vn_decimal(value):
    """A Decimal from a numeric cell or a number written the Vietnamese way (see module docstring)."""
    if isinstance(value, bool):
        raise CellError(f"'{clean_text(value)}' không phải là số", f"'{clean_text(value)}' is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError("giá trị số không hợp lệ", "invalid numeric value")
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if is_blank(value):
        raise _empty()
    if not isinstance(value, str):
        raise CellError(f"'{clean_text(value)}' không phải là số", f"'{clean_text(value)}' is not a number")
    text = clean_text(value)
    if text is None:  # only invisible characters (zero-width spaces…): an empty cell
        raise _empty()
    canonical = _number_text(text)
    if canonical is None:
        raise CellError(
            f"'{text}' không phải là số (viết như 1.250 hoặc 89,61)",
            f"'{text}' is not a number (write it like 1.250 or 89,61)",
        )
    try:
        return Decimal(canonical)
    except InvalidOperation:  # pragma: no cover - _number_text only returns digits
        raise CellError(f"'{text}' không phải là số", f"'{text}' is not a number") from None


def parse_vn_int(value):
    """An int from a numeric cell or Vietnamese number text ("1.250" is 1250); refuses fractions."""
    number = parse_vn_decimal(value)
    if number != number.to_integral_value():
        shown = vn_number(number, None)
        raise CellError(f"{shown} không phải là số nguyên", f"{shown} is not a whole number")
    return int(number)


parse_vn_decimal.numeric = True
parse_vn_int.numeric = True

_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})")
_YMD = re.compile(r"(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})")
_WORDS = re.compile(r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_TIME_TAIL = re.compile(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
# Excel serial numbers accepted as dates: 01/01/1950 .. 31/12/2100 (a bare year such as 2024 is refused).
_SERIAL_MIN, _SERIAL_MAX = 18264, 73415


def parse_vn_date(value):
    """A date from a date cell or text "16/05/2025", "16-5-2025", "16.05.2025", "2025-05-16",
    "ngày 16 tháng 5 năm 2025" (a time part such as " 00:00:00" is ignored).

    Day first always; a four-digit year is required. A date that does not exist (31/02/2024,
    month 13) is refused with "ngày … không tồn tại". Numbers are taken as Excel serial dates only
    between 1950 and 2100.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if _SERIAL_MIN <= value <= _SERIAL_MAX:
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        raise CellError(
            f"'{clean_text(value)}' không phải là ngày (dd/mm/yyyy)",
            f"'{clean_text(value)}' is not a date (dd/mm/yyyy)",
        )
    if is_blank(value):
        raise _empty()
    text = clean_text(value)
    day = month = year = None
    for pattern, order in ((_YMD, "ymd"), (_DMY, "dmy")):
        match = pattern.match(text)
        if match and _TIME_TAIL.fullmatch(text, match.end()):
            numbers = dict(zip(order, match.groups(), strict=True))
            day, month, year = numbers["d"], numbers["m"], numbers["y"]
            break
    else:
        match = _WORDS.fullmatch(fold(text))
        if match:
            day, month, year = match.groups()
    if year is None:
        raise CellError(
            f"'{text}' không phải là ngày (viết dd/mm/yyyy, ví dụ 16/05/2025)",
            f"'{text}' is not a date (write dd/mm/yyyy, e.g. 16/05/2025)",
        )
    if len(year) != 4:
        raise CellError(
            f"ngày '{text}' cần năm đủ 4 chữ số (dd/mm/yyyy)",
            f"date '{text}' needs a four-digit year (dd/mm/yyyy)",
        )
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        shown = f"{int(day):02d}/{int(month):02d}/{year}"
        raise CellError(f"ngày {shown} không tồn tại", f"date {shown} does not exist") from None


def _choice_keys(choices, ignore_prefixes):
    keys = {}
    for code, labels in choices.items():
        for label in (str(code), *labels):
            keys.setdefault(_choice_key(label, ignore_prefixes), code)
    return keys


def _choice_key(text, ignore_prefixes):
    key = fold(text).strip(" .:;")
    for prefix in ignore_prefixes:
        if key.startswith(prefix + " ") or key.startswith(prefix + "."):
            key = key[len(prefix) + 1 :].strip(" .")
            break
    return key


def _fold_prefixes(prefixes):
    return tuple(sorted((fold(p).rstrip(".") for p in prefixes), key=len, reverse=True))


def parse_choice(value, choices, ignore_prefixes=()):
    """The code of the choice named by `value`.

    `choices` maps code → list of accepted labels (first = the Vietnamese label shown to users); the
    code itself is accepted too. Matching is case-, diacritic- and white-space-insensitive (`fold`).
    `ignore_prefixes` (e.g. ("tỉnh", "thành phố", "tp")) are dropped from the start of both the value
    and the labels, so "TỈNH ĐẮK NÔNG", "Đắk Nông" and "dak nong" are the same.
    """
    return choice_parser(choices, ignore_prefixes)(value)


def choice_parser(choices, ignore_prefixes=()):
    """A one-argument parser for `choices` with the folded lookup table built once (for columns)."""
    prefixes = _fold_prefixes(ignore_prefixes)
    keys = _choice_keys(choices, prefixes)
    accepted = ", ".join(labels[0] if labels else str(code) for code, labels in choices.items())

    def parse(value):
        if is_blank(value):
            raise _empty()
        text = clean_text(value)
        code = keys.get(_choice_key(text, prefixes))
        if code is None:
            raise CellError(
                f"giá trị '{text}' không hợp lệ; chấp nhận: {accepted}",
                f"invalid value '{text}'; accepted: {accepted}",
            )
        return code

    parse.choices = choices
    return parse


def lookup_parser(lookup, what_vi, what_en, errors=(LookupError,)):
    """Wrap a lookup function (e.g. a province resolver) as a parser: `errors` become CellError
    "không tìm thấy <what_vi> 'X' / <what_en> 'X' not found"."""

    def parse(value):
        if is_blank(value):
            raise _empty()
        text = clean_text(value)
        try:
            return lookup(text)
        except errors:
            raise CellError(f"không tìm thấy {what_vi} '{text}'", f"{what_en} '{text}' not found") from None

    return parse
