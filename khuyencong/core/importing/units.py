"""Units of money and area as officers write them: in a header ("Kinh phí (đồng)") or in a cell ("1,25 tỷ").

A column that stores a unit (`Column.unit`, by default the unit in its first label: "Kinh phí khuyến công
(triệu đồng)" stores triệu đồng) reads the unit of the file's header and of each cell and converts the
number to its own unit, exactly (Decimal). A unit of the other kind (ha in a money column) is an error.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from ..formatting import vn_number
from ..text import fold
from .errors import CellError
from .headers import cell_text
from .parsers import clean_text, parse_vn_decimal

_HAS_LETTER = re.compile(r"[^\W\d_]")

MONEY, AREA = "money", "area"


@dataclass(frozen=True)
class Unit:
    key: str
    kind: str
    factor: Decimal  # in the kind's base unit: đồng, m²
    vi: str
    en: str


DONG = Unit("dong", MONEY, Decimal(1), "đồng", "VND")
THOUSAND = Unit("nghin dong", MONEY, Decimal(10**3), "nghìn đồng", "thousand VND")
MILLION = Unit("trieu dong", MONEY, Decimal(10**6), "triệu đồng", "million VND")
BILLION = Unit("ty dong", MONEY, Decimal(10**9), "tỷ đồng", "billion VND")
HECTARE = Unit("ha", AREA, Decimal(10**4), "ha", "ha")
SQUARE_METRE = Unit("m2", AREA, Decimal(1), "m²", "m²")
UNITS = {u.key: u for u in (DONG, THOUSAND, MILLION, BILLION, HECTARE, SQUARE_METRE)}
BY_KIND = {MONEY: (DONG, THOUSAND, MILLION, BILLION), AREA: (SQUARE_METRE, HECTARE)}

# Folded spellings (punctuation and spaces dropped) of each unit, in headers and in cells.
_SPELLINGS = {
    DONG: ["đồng", "đ", "vnđ", "vnd", "đồng vn", "việt nam đồng"],
    THOUSAND: [
        "nghìn đồng",
        "ngàn đồng",
        "nghìn",
        "ngàn",
        "1000 đồng",
        "1.000 đồng",
        "1000đ",
        "nghìn vnđ",
        "thousand vnd",
    ],  # fmt: skip
    MILLION: [
        "triệu đồng",
        "triệu",
        "tr.đ",
        "trđ",
        "tr đồng",
        "tr",
        "triệu vnđ",
        "million vnd",
        "mil vnd",
        "millions vnd",
    ],  # fmt: skip
    BILLION: ["tỷ đồng", "tỉ đồng", "tỷ", "tỉ", "tỷ vnđ", "billion vnd"],
    HECTARE: ["ha", "hecta", "héc ta", "hec-ta", "hectare", "hectares"],
    SQUARE_METRE: ["m2", "m²", "mét vuông", "met vuong", "sq m", "sqm"],
}


def _squash(text):
    return re.sub(r"[\s.\-]+", "", fold(text).replace("²", "2"))


_BY_SPELLING = {_squash(s): unit for unit, spellings in _SPELLINGS.items() for s in spellings}
# "(triệu đồng)", "(ĐVT: triệu đồng)", "(đơn vị tính: ha)" anywhere in a header key (already folded).
_HEADER_UNIT = re.compile(r"\s*[(\[]\s*(?:(?:dvt|don vi tinh|don vi)\s*[:.]?\s*)?([^()\[\]]{1,20}?)\s*[)\]]")
# A number followed by a unit in a cell: "1,25 tỷ", "450,2 triệu đồng", "12.500 m2", "1.250.300.000đ".
_CELL_UNIT = re.compile(r"\s*([-+(]?[0-9][0-9., ]*\)?)\s*([^\W\d][\w.² ]{0,20}|m2|m²)\s*", re.UNICODE)


def unit_named(text):
    """The Unit a text such as "triệu đồng", "Tỷ", "m²" names, or None."""
    return _BY_SPELLING.get(_squash(text)) if text else None


def split_header_unit(key):
    """(header key without its unit, Unit or None) for a header key ("dien tich (ha)" → "dien tich", HA)."""
    if "(" not in key and "[" not in key:
        return key, None
    for match in _HEADER_UNIT.finditer(key):
        unit = unit_named(match.group(1))
        if unit is not None:
            rest = (key[: match.start()] + " " + key[match.end() :]).strip()
            return " ".join(rest.split()), unit
    return key, None


def split_cell_unit(text):
    """(number text, Unit) for a cell such as "1,25 tỷ"; None when the text ends with no unit."""
    match = _CELL_UNIT.fullmatch(text)
    if match is None:
        return None
    unit = unit_named(match.group(2))
    if unit is None:
        return None
    return match.group(1).strip(), unit


def label_unit(label):
    """The unit written in a column label ("Kinh phí khuyến công (triệu đồng)" → MILLION), or None."""
    return split_header_unit(fold(label))[1]


def convert(value, source, target):
    """`value` (Decimal) in unit `source` expressed in unit `target` (same kind), exactly."""
    if source is target or source.factor == target.factor:
        return value
    return value * source.factor / target.factor


# -- a column's parser that reads units (used by reader.SheetReader) -----------------------------------


def en_number(vn_text):
    """'2.649,61' → '2,649.61' (English separators for the English half of a message)."""
    return vn_text.translate(str.maketrans(".,", ",."))


def number_words(value, unit):
    """'1.250.300.000 triệu đồng' as written, for a message."""
    return f"{cell_text(value)} {unit.vi}", f"{cell_text(value)} {unit.en}"


def unit_parser(column, header_unit):
    """`column.parser` reading the unit of the header (`header_unit`) and of each cell ("1,25 tỷ"),
    converting to the column's unit, and refusing values above `column.maximum` with the likely unit."""
    base, stored = column.parser, column.stored_unit
    if stored is None:
        return base
    default = header_unit if header_unit is not None and header_unit.kind == stored.kind else stored
    maximum = column.maximum

    def parse(value):
        unit = default
        if type(value) is str and _HAS_LETTER.search(value):
            split = split_cell_unit(clean_text(value) or "")
            if split is not None:
                value, unit = split
                if unit.kind != stored.kind:
                    raise CellError(
                        f"'{value} {unit.vi}' không phải đơn vị của cột này ({stored.vi})",
                        f"'{value} {unit.en}' is not a unit of this column ({stored.en})",
                    )
        if unit is stored and maximum is None:
            return base(value)
        number = parse_vn_decimal(value)
        converted = convert(number, unit, stored)
        if maximum is not None and converted > maximum:
            raise implausible(value, number, unit, stored, maximum, column)
        return base(converted)

    parse.numeric = getattr(base, "numeric", False)
    return parse


def implausible(value, number, unit, stored, maximum, column):
    """The CellError of a value too large for its column, naming the smaller unit it likely is in."""
    likely = None
    for smaller in BY_KIND[unit.kind]:
        if smaller.factor < unit.factor and convert(number, smaller, stored) <= maximum:
            likely = smaller  # BY_KIND is in increasing order: the largest unit that fits wins
    written_vi, written_en = number_words(value, unit)
    top_vi, top_en = vn_number(maximum, None), en_number(vn_number(maximum, None))
    vi = f"{written_vi} là quá lớn (tối đa {top_vi} {stored.vi})"
    en = f"{written_en} is too large (at most {top_en} {stored.en})"
    if likely is not None:
        shown = column.label.split("(")[0].strip()
        vi += (
            f"; có lẽ số liệu tính bằng {likely.vi}: ghi đơn vị vào tiêu đề cột (ví dụ "
            f"'{shown} ({likely.vi})') hoặc vào ô ('{cell_text(value)} {likely.vi}')"
        )
        en += (
            f"; the figures are likely in {likely.en}: write the unit in the column header (e.g. "
            f"'{shown} ({likely.vi})') or in the cell ('{cell_text(value)} {likely.vi}')"
        )
    return CellError(vi, en)
