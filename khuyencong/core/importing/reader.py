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
from .formats import XLS, XLSX, CalamineWorkbook, CsvWorkbook, FormatError, sniff
from .parsers import clean_text, parse_vn_decimal
from .report import ImportErrorList, ImportReport
from .units import BY_KIND, convert, label_unit, split_cell_unit, split_header_unit, unit_named
from .xlsx import FastWorkbook, XlsxError

HEADER_SEARCH_ROWS = 15
_NUMBERING = re.compile(
    r"[(\[]?\s*(?:[0-9]{1,3}|[A-Za-z])\s*[)\]]?(?:\s*[=+\-*/x:]\s*[(\[]?[0-9]{1,3}[)\]]?)*"
)
_TOTAL_WORDS = {"tong cong", "tong", "cong", "total", "grand total", "tong so", "sum", "cong tong"}
_PUNCT = re.compile(r"[^\w\s]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")
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
    # The unit the parsed value is in ("triệu đồng", "ha"...; see units.py). "" = the unit written in the
    # first label, if any; None = no unit. Numbers under a header or in a cell naming another unit of the
    # same kind are converted to it.
    unit: str | None = ""
    # The largest plausible value (in `unit`): above it the cell is refused with the unit it was likely in.
    maximum: Decimal | None = None

    def __post_init__(self):
        labels = (self.labels,) if isinstance(self.labels, str) else tuple(self.labels)
        object.__setattr__(self, "labels", labels)
        if self.unit == "":
            unit = label_unit(labels[0]) if labels else None
            object.__setattr__(self, "unit", unit.vi if unit else None)

    @property
    def stored_unit(self):
        return unit_named(self.unit) if self.unit else None

    @property
    def label(self):
        return self.labels[0]

    @property
    def summed(self):
        return self.total if self.total is not None else bool(getattr(self.parser, "numeric", False))


@dataclass(slots=True)
class Row:
    """One data row: `number` is the Excel row number, `values` the parsed cells (None when empty or
    wrong), `raw` the cells as read. `errors` lists this row's problems (already in the report).
    `_columns` maps a column key to its index in the source sheet (1 = A): an error names the cell."""

    sheet: str
    number: int
    values: dict
    raw: dict
    errors: list = field(default_factory=list)
    _report: ImportReport | None = None
    _labels: dict | None = None
    _columns: dict | None = None

    @property
    def ok(self):
        return not self.errors

    def error(self, key, message, en=None):
        """Record a domain error on this row's cell `key` (a column key, or None for the whole row)."""
        label = self._labels.get(key, key) if key else None
        col = self._columns.get(key) if key and self._columns else None
        issue = self._report.error(message, en, sheet=self.sheet, row=self.number, column=label, col=col)
        self.errors.append(issue or message)
        return issue

    def warning(self, key, message, en=None):
        label = self._labels.get(key, key) if key else None
        col = self._columns.get(key) if key and self._columns else None
        return self._report.warning(message, en, sheet=self.sheet, row=self.number, column=label, col=col)


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
    units: dict = field(default_factory=dict)  # column key -> the unit the file's header names
    hidden_rows: list = field(default_factory=list)  # hidden data rows left out (Excel numbers)
    hidden_columns: list = field(default_factory=list)  # hidden columns left out (letters)


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


_ABBREVIATIONS = ((re.compile(r"\bquyet dinh\b"), "qd"), (re.compile(r"\bquy hoach chi tiet\b"), "qhct"))
# Sub-headers meaning "the whole group": "Đất công nghiệp (ha)" over "Tổng | Đã cho thuê".
_WHOLE_GROUP = {"tong", "tong cong", "tong so", "cong", "total", "tong dien tich", "toan bo"}


def _match_key(key):
    """A header key with the usual abbreviations: "quyết định" = "QĐ", "quy hoạch chi tiết" = "QHCT"."""
    if "quy" in key:
        for pattern, short in _ABBREVIATIONS:
            key = pattern.sub(short, key)
    return key


def _header_paths(rows):
    """Per column of a header of one to three rows (each row a list of (key, key without unit, unit)):
    (candidate names, most specific first; the unit written in the column's header cells).

    A group cell merged over several sub-headers holds its text in its first column only: it is carried
    to the right while the row below has text (and no group cell of its own starts)."""
    width = max(len(r) for r in rows)
    empty = ("", "", None)
    grid = [[r[c] if c < len(r) else empty for c in range(width)] for r in rows]
    for level in range(len(grid) - 2, -1, -1):
        carried = empty
        for c in range(width):
            if grid[level][c][0]:
                carried = grid[level][c]
            elif carried[0] and grid[level + 1][c][0]:
                grid[level][c] = carried
            else:
                carried = empty
    out = []
    for c in range(width):
        path = []
        for level in range(len(grid)):
            cell = grid[level][c]
            if cell[0] and (not path or path[-1] != cell):
                path.append(cell)
        unit = next((cell[2] for cell in reversed(path) if cell[2] is not None), None)
        if not path:
            out.append(((), None))
            continue
        if len(path) == 1:
            out.append(([path[0][0], path[0][1]], unit))
            continue
        names = [cell[1] for cell in path]
        while len(names) > 1 and names[-1] in _WHOLE_GROUP:
            names.pop()
        candidates = []
        if len(names) == 1:
            candidates += [path[0][0], names[0]]
        else:
            bottom, groups = names[-1], names[:-1]
            candidates += [
                f"{groups[-1]} {bottom}",
                f"{bottom} {groups[-1]}",
                " ".join(names),
                f"{bottom} {' '.join(groups)}",
                path[-1][0],
                bottom,
            ]
        out.append(([" ".join(c.split()) for c in candidates if c], unit))
    return out


def _number_words(value, unit):
    """'1.250.300.000 triệu đồng' as written, for a message."""
    return f"{_text(value)} {unit.vi}", f"{_text(value)} {unit.en}"


def _unit_parser(column, header_unit):
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
            raise _implausible(value, number, unit, stored, maximum, column)
        return base(converted)

    parse.numeric = getattr(base, "numeric", False)
    return parse


def _implausible(value, number, unit, stored, maximum, column):
    """The CellError of a value too large for its column, naming the smaller unit it likely is in."""
    likely = None
    for smaller in BY_KIND[unit.kind]:
        if smaller.factor < unit.factor and convert(number, smaller, stored) <= maximum:
            likely = smaller  # BY_KIND is in increasing order: the largest unit that fits wins
    written_vi, written_en = _number_words(value, unit)
    top_vi, top_en = vn_number(maximum, None), _en_number(vn_number(maximum, None))
    vi = f"{written_vi} là quá lớn (tối đa {top_vi} {stored.vi})"
    en = f"{written_en} is too large (at most {top_en} {stored.en})"
    if likely is not None:
        shown = column.label.split("(")[0].strip()
        vi += (
            f"; có lẽ số liệu tính bằng {likely.vi}: ghi đơn vị vào tiêu đề cột (ví dụ "
            f"'{shown} ({likely.vi})') hoặc vào ô ('{_text(value)} {likely.vi}')"
        )
        en += (
            f"; the figures are likely in {likely.en}: write the unit in the column header (e.g. "
            f"'{shown} ({likely.vi})') or in the cell ('{_text(value)} {likely.vi}')"
        )
    return CellError(vi, en)


class SheetReader:
    """Read sheets of one workbook (path or binary file object) without loading it whole.

    Use as a context manager, or call close(). All problems go to `report` (an ImportReport).
    """

    def __init__(
        self,
        source,
        *,
        report=None,
        header_search_rows=HEADER_SEARCH_ROWS,
        include_hidden=False,
        csv_sheet=None,
    ):
        """`include_hidden`: read hidden rows and columns too (by default they are left out and listed in
        a warning). `csv_sheet`: the sheet title a CSV file is read as (a CSV is refused without it)."""
        self.report = report if report is not None else ImportReport()
        self.header_search_rows = header_search_rows
        self.include_hidden = include_hidden
        self.info = {}
        self.format = sniff(source)
        if self.format != XLSX:
            try:
                if self.format == XLS:
                    self.workbook = CalamineWorkbook(source)
                elif csv_sheet is None:
                    raise FormatError(
                        "tệp không phải là tệp Excel (.xlsx, .xls); với tệp CSV hãy chọn loại dữ liệu "
                        "của tệp",
                        "the file is not an Excel file (.xlsx, .xls); for a CSV file choose the kind of data "
                        "it holds",
                    )
                else:
                    self.workbook = CsvWorkbook(source, csv_sheet)
            except FormatError as exc:
                self.report.error(exc.vi, exc.en)
                raise ImportErrorList(self.report) from exc
            return
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

    def _find_header(self, buffered, columns, hidden=frozenset()):
        """(header row indexes, {column key: 0-based position}, duplicates, {key: header Unit}) of the
        best header: one row, or two or three rows whose group cells (merged over sub-headers) are read
        as "group + sub-header" names. Numbering rows are skipped and hidden columns ignored."""
        by_label = {}
        for column in columns:
            for label in column.labels:
                by_label.setdefault(_match_key(header_key(label)), column.key)
        for column in columns:  # the labels without their unit: "Kinh phí khuyến công (đồng)" is found
            for label in column.labels:
                by_label.setdefault(_match_key(split_header_unit(header_key(label))[0]), column.key)
        cells = []
        for i, values in enumerate(buffered):
            if is_numbering_row(values):
                continue
            row = []
            for position, value in enumerate(values):
                key = "" if position in hidden else header_key(_text(value))
                base, unit = split_header_unit(key)
                row.append((_match_key(key), _match_key(base), unit))
            cells.append((i, row))

        def match(candidate_lists):
            positions, duplicates, units = {}, [], {}
            for position, (candidates, unit) in enumerate(candidate_lists):
                for candidate in candidates:
                    key = by_label.get(candidate)
                    if key is None:
                        continue
                    if key in positions:
                        duplicates.append((key, position))
                    else:
                        positions[key] = position
                        if unit is not None:
                            units[key] = unit
                    break
            return positions, duplicates, units

        best = None
        for j in range(len(cells)):
            for depth in (1, 2, 3):
                rows = cells[j : j + depth]
                if len(rows) < depth or any(
                    not all(is_numbering_row(buffered[k]) for k in range(a[0] + 1, b[0]))
                    for a, b in zip(rows, rows[1:], strict=False)
                ):
                    break
                found = match(_header_paths([row for _, row in rows]))
                positions = found[0]
                required = sum(1 for c in columns if c.required and c.key in positions)
                score = (required, len(positions), -depth)
                if best is None or score > best[0]:
                    best = (score, tuple(i for i, _ in rows), *found)
        if best is None or best[0][1] < min(2, len(columns)):
            return None, {}, [], {}
        return best[1:]

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
        # Hidden rows and columns (known to the .xlsx reader; the set of rows fills as the rows are read).
        hidden_rows = set() if self.include_hidden else getattr(worksheet, "hidden_rows", set())

        buffered = []
        for values in source:
            buffered.append(values)
            if len(buffered) == self.header_search_rows:
                break
        # <cols> comes before the rows: known once the first rows are read.
        hidden_columns = frozenset(() if self.include_hidden else getattr(worksheet, "hidden_columns", ()))
        found = self._find_header(buffered, columns, hidden_columns)
        header_rows, positions, duplicates, header_units = found
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
        info.hidden_columns = [get_column_letter(c + 1) for c in sorted(hidden_columns)]
        labels = {c.key: c.label for c in columns}
        for key, position in duplicates:
            first, second = info.positions[key], get_column_letter(position + 1)
            report.error(
                f"cột '{labels[key]}' xuất hiện hai lần ({first} và {second})",
                f"column '{labels[key]}' appears twice ({first} and {second})",
                sheet=title,
                row=header_number,
                col=position + 1,
            )
        missing = [c for c in columns if c.required and c.key not in positions]
        for column in missing:
            report.error(
                f"thiếu cột bắt buộc '{column.label}' (dòng tiêu đề là dòng {header_number})",
                f"required column '{column.label}' is missing (the header is row {header_number})",
                sheet=title,
            )
        parsers = {}
        for column in columns:
            if column.key not in positions:
                continue
            unit = header_units.get(column.key)
            stored = column.stored_unit
            if unit is not None and stored is not None:
                info.units[column.key] = unit.vi
                if unit.kind != stored.kind:
                    report.error(
                        f"tiêu đề cột ghi đơn vị '{unit.vi}', cột này tính bằng {stored.vi}",
                        f"the column header names the unit '{unit.en}'; this column is in {stored.en}",
                        sheet=title,
                        row=header_number,
                        column=column.label,
                        col=positions[column.key] + 1,
                    )
                    missing.append(column)
            parsers[column.key] = _unit_parser(column, unit)
        if missing or duplicates:
            return

        def remaining():
            yield from buffered[header_number:]
            yield from source

        mapped = [(c, positions[c.key]) for c in columns if c.key in positions]
        columns_at = {c.key: p + 1 for c, p in mapped}
        absent = {c.key: None for c in columns if c.key not in positions}
        sums = {c.key: Decimal(0) for c, _ in mapped if c.summed}
        broken = set()
        needed = max(2, sum(1 for c in columns if c.required))
        total = None
        number = header_number
        rows = remaining()
        skipped = info.hidden_rows
        # Per column: key, position, parser, required, and a cache of parsed values by cell value.
        plan = [(c.key, p, parsers[c.key], c.required, {}) for c, p in mapped]
        for values in rows:
            number += 1
            if info.data_rows and is_total_row(values):  # a total row only below data rows
                total = (number, values)
                break
            width = len(values)
            cells = [values[p] if p < width else None for _, p, _, _, _ in plan]
            if all(_is_empty(v) for v in cells):
                continue
            if hidden_rows and number in hidden_rows:
                skipped.append(number)
                continue
            if not info.data_rows:
                if is_numbering_row(values):  # above the first data row, wherever it sits
                    info.numbering_row = number
                    continue
                if is_total_row(values):
                    report.error(
                        "dòng tổng cộng nằm trên các dòng số liệu; hãy chuyển nó xuống dưới cùng hoặc xoá",
                        "a total row above the data rows; move it below the data or delete it",
                        sheet=title,
                        row=number,
                    )
                    continue
            row = Row(title, number, dict(absent), dict(absent), [], report, labels, columns_at)
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
            self._check_total(title, total, mapped, sums, broken, parsers)
            for values in rows:
                number += 1
                filled = sum(1 for _, p in mapped if p < len(values) and not _is_empty(values[p]))
                if filled >= needed and not is_total_row(values) and number not in hidden_rows:
                    report.warning(
                        f"có dữ liệu sau dòng tổng cộng (dòng {total[0]}); các dòng này không được nhập",
                        f"there is data after the total row (row {total[0]}); these rows are not imported",
                        sheet=title,
                        row=number,
                    )
                    break
        self._report_hidden(title, info)

    def _report_hidden(self, title, info):
        """A warning listing the hidden rows and columns left out (the preview shows it)."""
        if info.hidden_rows:
            shown = ", ".join(str(n) for n in info.hidden_rows[:50])
            more = f", … (+{len(info.hidden_rows) - 50})" if len(info.hidden_rows) > 50 else ""
            n = len(info.hidden_rows)
            self.report.warning(
                f"{n} dòng ẩn không được nhập: dòng {shown}{more} (chọn nhập cả dòng/cột ẩn nếu cần)",
                f"{n} hidden row(s) not imported: row(s) {shown}{more} (choose to include hidden rows and "
                "columns if they are wanted)",
                sheet=title,
            )
        used = set(info.positions.values())
        hidden = [letter for letter in info.hidden_columns if letter not in used]
        if hidden and info.data_rows:
            shown = ", ".join(hidden[:30])
            self.report.warning(
                f"cột ẩn không được đọc: {shown}",
                f"hidden columns not read: {shown}",
                sheet=title,
            )

    def _check_total(self, title, total, mapped, sums, broken, parsers):
        number, values = total
        for column, position in mapped:
            if column.key not in sums or column.key in broken or position >= len(values):
                continue
            value = values[position]
            if _is_empty(value):
                continue
            try:
                stated = Decimal(parsers[column.key](value))
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
