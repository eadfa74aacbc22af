"""Domain-independent machinery to import officers' Excel files safely.

Parsers (`parsers`), legacy TCVN3/VNI text (`legacy`), the streaming `SheetReader` (`reader`), the
bilingual `ImportReport` (`report`) and `check_upload` (`upload`). Per-model sheets (clusters, đề
án...) are built on top: they declare `Column`s, iterate `SheetReader.rows()`, add their own errors
with `Row.error()`, and write nothing unless `report.ok`. See docs/import-template.md.
"""

from .errors import CellError
from .headers import header_key, is_numbering_row, is_total_row
from .legacy import (
    TCVN3,
    VNI,
    convert_legacy,
    detect_legacy_encoding,
    fix_legacy_text,
    is_vietnamese_syllable,
)
from .parsers import (
    choice_parser,
    clean_text,
    is_blank,
    lookup_parser,
    parse_choice,
    parse_vn_date,
    parse_vn_decimal,
    parse_vn_int,
)
from .reader import HEADER_SEARCH_ROWS, Column, Row, SheetInfo, SheetReader
from .report import ERROR, WARNING, ImportErrorList, ImportIssue, ImportReport
from .upload import DEFAULT_MAX_BYTES, UploadRejected, check_upload

PROVINCE_PREFIXES = ("tỉnh", "thành phố", "tp")

__all__ = [
    "CellError",
    "TCVN3",
    "VNI",
    "convert_legacy",
    "detect_legacy_encoding",
    "fix_legacy_text",
    "is_vietnamese_syllable",
    "choice_parser",
    "clean_text",
    "is_blank",
    "lookup_parser",
    "parse_choice",
    "parse_vn_date",
    "parse_vn_decimal",
    "parse_vn_int",
    "HEADER_SEARCH_ROWS",
    "Column",
    "Row",
    "SheetInfo",
    "SheetReader",
    "header_key",
    "is_numbering_row",
    "is_total_row",
    "ERROR",
    "WARNING",
    "ImportErrorList",
    "ImportIssue",
    "ImportReport",
    "DEFAULT_MAX_BYTES",
    "UploadRejected",
    "check_upload",
    "PROVINCE_PREFIXES",
]
