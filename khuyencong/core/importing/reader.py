"""Streaming reader for officers' spreadsheets: finds the header, skips the decoration, parses cells.

`SheetReader` opens the workbook in openpyxl read_only mode and `rows()` is a generator: one row is
parsed at a time and nothing keeps all rows, so memory stays flat whatever the file size.

What a sheet may look like (all of it is accepted):
- title rows above the header (the header is searched in the first `header_search_rows` rows);
- header cells in any case, with or without diacritics, with line breaks, a trailing "*" or "(*)",
  and headers on two rows (a merged group cell such as "Diện tích (ha)" above sub-headers);
- a row of column numbers under the header: (1) (2) (3) or 1 2 3;
- empty rows anywhere (skipped);
- a total row ("Tổng cộng", "Tổng", "Cộng", "Total" in one of its first two non-empty cells): it is
  not imported, reading stops there, and its numbers are checked against the sums of the rows
  above (a difference is a warning, not an error).
Errors never stop the reading: every problem is collected in the `ImportReport` with the sheet, the
row number as Excel shows it and the column label. The report is complete only once the generator
returned by `rows()` has been exhausted.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import openpyxl
from openpyxl.utils import get_column_letter

from ..formatting import vn_number
from ..text import fold
from .errors import CellError
from .parsers import clean_text
from .report import ImportErrorList, ImportReport
from .xlsx import FastWorkbook, XlsxError

HEADER_SEARCH_ROWS = 15
_NUMBERING = re.compile(
    r"[(\[]?\s*(?:[0-9]{1,3}|[A-Za-z])\s*[)\]]?(?:\s*[=+\-*/x:]\s*[(\[]?[0-9]{1,3}[)\]]?)*"
)
_TOTAL_WORDS = {"tong cong", "tong", "cong", "total", "grand total", "tong so", "sum", "cong tong"}
_PUNCT = re.compile(r"[^\w\s]+")
# The first ASCII word character after ASCII punctuation/spaces. Every total word starts with t, c or s,
# and legacy (TCVN3/VNI) conversion never changes ASCII characters, so a cell whose first such character
# is another letter or a digit is no total label: the common case (a code, a name) skips `fold`.
_FIRST_ASCII_WORD = re.compile(r"[\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]*([A-Za-z0-9_])")
# Parsed values kept per column and cell text (repeated provinces, statuses, categories...): at most this
# many distinct texts per column, and only immutable results (a parser is never asked twice for the same
# text in one sheet).
PARSE_CACHE_SIZE = 2048
_IMMUTABLE = (str, int, float, Decimal, date, type(None))
_MISSING = object()


@dataclass(frozen=True)
class Column:
    """An expected column: `key` in `Row.values`; `labels` = [Vietnamese label, aliases...].

    `required`: the header must have the column and every data row a value in it. `total`: compare
    the total row with the column sum; None means "if the parser is numeric" (parse_vn_decimal/int).
    The first label is the one used in messages.
    """

    key: str
    labels: Sequence[str]
    parser: Callable = clean_text
    required: bool = False
    total: bool | None = None

    def __post_init__(self):
        labels = (self.labels,) if isinstance(self.labels, str) else tuple(self.labels)
        object.__setattr__(self, "labels", labels)

    @property
    def label(self):
        return self.labels[0]

    @property
    def summed(self):
        return self.total if self.total is not None else bool(getattr(self.parser, "numeric", False))


@dataclass(slots=True)
class Row:
    """One data row: `number` is the Excel row number, `values` the parsed cells (None when empty or
    wrong), `raw` the cells as read. `errors` lists this row's problems (already in the report)."""

    sheet: str
    number: int
    values: dict
    raw: dict
    errors: list = field(default_factory=list)
    _report: ImportReport | None = None
    _labels: dict | None = None

    @property
    def ok(self):
        return not self.errors

    def error(self, key, message, en=None):
        """Record a domain error on this row's cell `key` (a column key, or None for the whole row)."""
        label = self._labels.get(key, key) if key else None
        issue = self._report.error(message, en, sheet=self.sheet, row=self.number, column=label)
        self.errors.append(issue or message)
        return issue

    def warning(self, key, message, en=None):
        label = self._labels.get(key, key) if key else None
        return self._report.warning(message, en, sheet=self.sheet, row=self.number, column=label)


@dataclass
class SheetInfo:
    """What `rows()` found in a sheet (filled in while the generator runs)."""

    title: str
    header_rows: tuple = ()
    positions: dict = field(default_factory=dict)  # column key -> Excel column letter
    numbering_row: int | None = None
    total_row: int | None = None
    data_rows: int = 0
    totals: dict = field(default_factory=dict)  # column key -> sum of the parsed values


def _en_number(vn_text):
    """'2.649,61' → '2,649.61' (English separators for the English half of a message)."""
    return vn_text.translate(str.maketrans(".,", ",."))


def header_key(text):
    """Comparison key of a header cell or label: folded, "*" and "(*)" dropped, spacing normalised."""
    if text is None:
        return ""
    key = fold(text).replace("(*)", "").replace("*", "")
    key = re.sub(r"\s*([(\[])\s*", r" \1", key)
    key = re.sub(r"\s*([)\]])", r"\1", key)
    key = re.sub(r"\s*/\s*", "/", key)
    return " ".join(key.split()).strip(" .:")


def _text(value):
    if value is None:
        return None
    try:
        return clean_text(value)
    except CellError:
        return str(value)


def _is_empty(value):
    return value is None or (type(value) is str and not value.strip())


def _is_total_label(value):
    if type(value) is not str:
        return False
    first = _FIRST_ASCII_WORD.match(value)
    if first is not None and first.group(1) not in "tTcCsS":
        return False
    key = " ".join(_PUNCT.sub(" ", fold(_text(value))).split())
    if key in _TOTAL_WORDS:
        return True
    return (key.startswith("tong cong ") and not key.startswith("tong cong ty")) or key.startswith("total ")


def is_total_row(values):
    """True if one of the first two non-empty cells says "Tổng cộng", "Tổng", "Cộng" or "Total"."""
    seen = 0
    for value in values:
        if _is_empty(value):
            continue
        if _is_total_label(value):
            return True
        seen += 1
        if seen == 2:
            return False
    return False


def is_numbering_row(values):
    """True for a row of column numbers under the header: "(1)", "(2)"... or 1, 2, 3 (increasing;
    -1, -2, -3 too, which is how some programs read "(1)", "(2)", "(3)")."""
    cells = [v for v in values if not _is_empty(v)]
    if len(cells) < 2:
        return False
    numbers = []
    for value in cells:
        if isinstance(value, bool):
            return False
        if isinstance(value, (int, float)):
            if value != int(value):
                return False
            numbers.append(abs(int(value)))  # LibreOffice reads "(1)" as the number -1
            continue
        text = str(value).strip()
        if not _NUMBERING.fullmatch(text):
            return False
        digits = re.match(r"[(\[]?\s*([0-9]+)", text)
        if digits:
            numbers.append(int(digits.group(1)))
    return all(a < b for a, b in zip(numbers, numbers[1:], strict=False))


class SheetReader:
    """Read sheets of one workbook (path or binary file object) without loading it whole.

    Use as a context manager, or call close(). All problems go to `report` (an ImportReport).
    """

    def __init__(self, source, *, report=None, header_search_rows=HEADER_SEARCH_ROWS):
        self.report = report if report is not None else ImportReport()
        self.header_search_rows = header_search_rows
        self.info = {}
        try:
            # The expat reader of .xlsx (xlsx.py) first: several times faster; openpyxl for anything else.
            self.workbook = FastWorkbook(source)
            return
        except XlsxError:
            if hasattr(source, "seek"):
                source.seek(0)
        try:
            self.workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a broken file
            self.report.error(
                f"không mở được tệp Excel (.xlsx): {exc}", f"cannot open the Excel (.xlsx) file: {exc}"
            )
            raise ImportErrorList(self.report) from exc

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        self.workbook.close()

    @property
    def sheet_names(self):
        return list(self.workbook.sheetnames)

    def find_sheet(self, names):
        """The workbook's title of the sheet named by one of `names` (fold-insensitive), or None."""
        names = [names] if isinstance(names, str) else list(names)
        wanted = {header_key(n) for n in names}
        for title in self.workbook.sheetnames:
            if header_key(title) in wanted:
                return title
        return None

    def check_sheets(self, known):
        """Warn about sheets whose names match none of `known` (a list of names or lists of aliases)."""
        keys = set()
        for names in known:
            keys.update(header_key(n) for n in ([names] if isinstance(names, str) else names))
        for title in self.workbook.sheetnames:
            if header_key(title) not in keys:
                self.report.warning(
                    "sheet không thuộc mẫu nhập, bỏ qua",
                    "sheet is not part of the import template, ignored",
                    sheet=title,
                )

    def rows(self, sheet, columns, *, optional=False):
        """Yield a `Row` for every data row of `sheet` (a name or a list of accepted names).

        A missing sheet is an error unless `optional`. Rows with cell errors are yielded too (their
        `ok` is False) so that later checks can still run; bad cells have the value None.
        """
        title = self.find_sheet(sheet)
        names = [sheet] if isinstance(sheet, str) else list(sheet)
        if title is None:
            if not optional:
                found = ", ".join(f"'{n}'" for n in self.workbook.sheetnames)
                self.report.error(
                    f"không có sheet '{names[0]}' trong tệp (các sheet có trong tệp: {found})",
                    f"the file has no sheet '{names[0]}' (sheets in the file: {found})",
                )
            return
        yield from self._rows(title, list(columns))

    # -- internals ---------------------------------------------------------------------------------

    def _find_header(self, buffered, columns):
        """(header row indexes, {column key: 0-based position}, duplicates) of the best header."""
        by_label = {}
        for column in columns:
            for label in column.labels:
                by_label.setdefault(header_key(label), column.key)
        keyed = [[header_key(_text(v)) for v in values] for values in buffered]

        def match(candidate_lists):
            positions, duplicates = {}, []
            for position, candidates in enumerate(candidate_lists):
                for candidate in candidates:
                    key = by_label.get(candidate)
                    if key is None:
                        continue
                    if key in positions:
                        duplicates.append((key, position))
                    else:
                        positions[key] = position
                    break
            return positions, duplicates

        best = None
        for i, row in enumerate(keyed):
            options = [((i,), match([[k] for k in row]))]
            if i + 1 < len(keyed):
                below = keyed[i + 1]
                width = max(len(row), len(below))
                group, pairs = "", []
                for c in range(width):
                    top = row[c] if c < len(row) else ""
                    bottom = below[c] if c < len(below) else ""
                    group = top or (group if bottom else "")
                    pairs.append([top, bottom, f"{group} {bottom}".strip()] if bottom else [top])
                options.append(((i, i + 1), match(pairs)))
            for rows, (positions, duplicates) in options:
                required = sum(1 for c in columns if c.required and c.key in positions)
                score = (required, len(positions), -len(rows))
                if best is None or score > best[0]:
                    best = (score, rows, positions, duplicates)
        if best is None or best[0][1] < min(2, len(columns)):
            return None, {}, []
        return best[1], best[2], best[3]

    def _guarded(self, rows, title):
        """The sheet's rows; a file the fast reader cannot parse midway is reported, not a crash."""
        try:
            yield from rows
        except XlsxError as exc:
            self.report.error(
                f"không đọc được sheet (tệp .xlsx hỏng?): {exc}",
                f"cannot read the sheet (corrupt .xlsx?): {exc}",
                sheet=title,
            )
            raise ImportErrorList(self.report) from exc

    def _rows(self, title, columns):
        report = self.report
        worksheet = self.workbook[title]
        worksheet.reset_dimensions()  # dimensions written by other programs may be wrong
        info = self.info[title] = SheetInfo(title)
        source = self._guarded(worksheet.iter_rows(min_row=1, values_only=True), title)

        buffered = []
        for values in source:
            buffered.append(values)
            if len(buffered) == self.header_search_rows:
                break
        header_rows, positions, duplicates = self._find_header(buffered, columns)
        if header_rows is None:
            expected = ", ".join(f"'{c.label}'" for c in columns if c.required) or ", ".join(
                f"'{c.label}'" for c in columns
            )
            n = self.header_search_rows
            report.error(
                f"không tìm thấy dòng tiêu đề trong {n} dòng đầu; cần các cột {expected}",
                f"no header row found in the first {n} rows; expected columns {expected}",
                sheet=title,
            )
            return
        header_number = header_rows[-1] + 1
        info.header_rows = tuple(r + 1 for r in header_rows)
        info.positions = {key: get_column_letter(pos + 1) for key, pos in positions.items()}
        labels = {c.key: c.label for c in columns}
        for key, position in duplicates:
            first, second = info.positions[key], get_column_letter(position + 1)
            report.error(
                f"cột '{labels[key]}' xuất hiện hai lần ({first} và {second})",
                f"column '{labels[key]}' appears twice ({first} and {second})",
                sheet=title,
                row=header_number,
            )
        missing = [c for c in columns if c.required and c.key not in positions]
        for column in missing:
            report.error(
                f"thiếu cột bắt buộc '{column.label}' (dòng tiêu đề là dòng {header_number})",
                f"required column '{column.label}' is missing (the header is row {header_number})",
                sheet=title,
            )
        if missing or duplicates:
            return

        def remaining():
            yield from buffered[header_number:]
            yield from source

        mapped = [(c, positions[c.key]) for c in columns if c.key in positions]
        absent = {c.key: None for c in columns if c.key not in positions}
        sums = {c.key: Decimal(0) for c, _ in mapped if c.summed}
        broken = set()
        needed = max(2, sum(1 for c in columns if c.required))
        expect_numbering = True
        total = None
        number = header_number
        rows = remaining()
        # Per column: key, position, parser, required, and a cache of parsed values by cell value.
        plan = [(c.key, p, c.parser, c.required, {}) for c, p in mapped]
        for values in rows:
            number += 1
            if is_total_row(values):
                total = (number, values)
                break
            width = len(values)
            cells = [values[p] if p < width else None for _, p, _, _, _ in plan]
            if all(_is_empty(v) for v in cells):
                continue
            if expect_numbering:
                expect_numbering = False
                if is_numbering_row(values):
                    info.numbering_row = number
                    continue
            row = Row(title, number, dict(absent), dict(absent), [], report, labels)
            parsed_values, raw = row.values, row.raw
            for (key, _, parser, required, cache), value in zip(plan, cells, strict=True):
                raw[key] = value
                if value is None or (type(value) is str and not value.strip()):
                    parsed = None
                    if required:
                        row.error(key, "thiếu giá trị bắt buộc", "required value is missing")
                else:
                    cache_key = value if type(value) is str else (value.__class__, value)
                    parsed = cache.get(cache_key, _MISSING)
                    if parsed is _MISSING:
                        try:
                            parsed = parser(value)
                        except CellError as exc:
                            row.error(key, exc)
                            parsed = None
                            broken.add(key)
                        else:
                            if len(cache) < PARSE_CACHE_SIZE and isinstance(parsed, _IMMUTABLE):
                                cache[cache_key] = parsed
                parsed_values[key] = parsed
                if key in sums and isinstance(parsed, (int, Decimal)):
                    sums[key] += parsed
            info.data_rows += 1
            yield row
        info.totals = sums
        if total is not None:
            info.total_row = total[0]
            self._check_total(title, total, mapped, sums, broken)
            for values in rows:
                number += 1
                filled = sum(1 for _, p in mapped if p < len(values) and not _is_empty(values[p]))
                if filled >= needed and not is_total_row(values):
                    report.warning(
                        f"có dữ liệu sau dòng tổng cộng (dòng {total[0]}); các dòng này không được nhập",
                        f"there is data after the total row (row {total[0]}); these rows are not imported",
                        sheet=title,
                        row=number,
                    )
                    break

    def _check_total(self, title, total, mapped, sums, broken):
        number, values = total
        for column, position in mapped:
            if column.key not in sums or column.key in broken or position >= len(values):
                continue
            value = values[position]
            if _is_empty(value):
                continue
            try:
                stated = Decimal(column.parser(value))
            except (CellError, ArithmeticError, TypeError, ValueError):
                self.report.warning(
                    f"không đọc được số tổng '{_text(value)}'",
                    f"cannot read the total '{_text(value)}'",
                    sheet=title,
                    row=number,
                    column=column.label,
                )
                continue
            exponent = stated.as_tuple().exponent
            places = min(-exponent, 6) if isinstance(exponent, int) and exponent < 0 else 0
            actual = sums[column.key]
            if round(actual, places) != round(stated, places):
                said, added = vn_number(stated, None), vn_number(actual, None)
                said_en, added_en = _en_number(said), _en_number(added)
                self.report.warning(
                    f"dòng tổng cộng ghi {said} nhưng tổng các dòng là {added}",
                    f"the total row says {said_en} but the rows add up to {added_en}",
                    sheet=title,
                    row=number,
                    column=column.label,
                )
