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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import openpyxl
from openpyxl.utils import get_column_letter

from ..formatting import vn_number
from .errors import CellError
from .formats import XLS, XLSX, CalamineWorkbook, CsvWorkbook, FormatError, sniff
from .headers import (
    cell_text,
    header_key,
    header_paths,
    is_empty,
    is_numbering_row,
    is_total_row,
    match_key,
)
from .parsers import clean_text
from .report import ImportErrorList, ImportReport
from .units import en_number, label_unit, split_header_unit, unit_named, unit_parser
from .xlsx import FastWorkbook, XlsxError

HEADER_SEARCH_ROWS = 15
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
                by_label.setdefault(match_key(header_key(label)), column.key)
        for column in columns:  # the labels without their unit: "Kinh phí khuyến công (đồng)" is found
            for label in column.labels:
                by_label.setdefault(match_key(split_header_unit(header_key(label))[0]), column.key)
        cells = []
        for i, values in enumerate(buffered):
            if is_numbering_row(values):
                continue
            row = []
            for position, value in enumerate(values):
                key = "" if position in hidden else header_key(cell_text(value))
                base, unit = split_header_unit(key)
                row.append((match_key(key), match_key(base), unit))
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
                found = match(header_paths([row for _, row in rows]))
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
            parsers[column.key] = unit_parser(column, unit)
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
            if all(is_empty(v) for v in cells):
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
                filled = sum(1 for _, p in mapped if p < len(values) and not is_empty(values[p]))
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
            if is_empty(value):
                continue
            try:
                stated = Decimal(parsers[column.key](value))
            except (CellError, ArithmeticError, TypeError, ValueError):
                self.report.warning(
                    f"không đọc được số tổng '{cell_text(value)}'",
                    f"cannot read the total '{cell_text(value)}'",
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
                said_en, added_en = en_number(said), en_number(added)
                self.report.warning(
                    f"dòng tổng cộng ghi {said} nhưng tổng các dòng là {added}",
                    f"the total row says {said_en} but the rows add up to {added_en}",
                    sheet=title,
                    row=number,
                    column=column.label,
                )
