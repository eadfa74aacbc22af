"""The errors workbook: a refused file handed back to the officer with its errors marked, to fix in Excel.

`write_errors_workbook(source, issues, target)` takes the uploaded file and the errors of its import (the
`ImportIssue.as_json()` dicts an import job keeps) and writes an .xlsx where
- each sheet with errors gets a "Lỗi" column right of its last used column: the header (over all its
  header rows, styled like the header cell beside it) and, on each data row with errors, their messages;
- each bad cell (an issue with a column index) is filled (ERROR_FILL) and carries a comment with its message;
- a last sheet, "Danh sách lỗi", lists every error with a link to its cell (errors of a whole sheet or of
  the file, which have no row, are only there).
An .xlsx file is annotated in a copy loaded by openpyxl: its sheets, formatting, merged cells, hidden rows and
columns, formulas and comments stay as they were (openpyxl does not keep shapes, and charts only in part). An
.xls or CSV file (or an .xlsx openpyxl cannot open) becomes a new .xlsx with the same rows, cell for cell
(text stays text: a CSV cell "=1+2" is not turned into a formula).

Messages are Vietnamese; with `language="en"` the English text follows (" / ").
"""

import os
import re
from collections import defaultdict
from copy import copy

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from .formats import XLS, XLSX, CalamineWorkbook, CsvWorkbook, FormatError, sniff
from .xlsx import FastWorkbook, XlsxError

ERROR_FILL = "FFC7CE"  # Excel's "Bad" style: light red fill...
ERROR_FONT = "9C0006"  # ...dark red text (the "Lỗi" cells)
SUMMARY_TITLE = "Danh sách lỗi"
AUTHOR = "khuyencong"
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def errors_workbook_name(filename):
    """'bao-cao.xls' → 'bao-cao-loi.xlsx': the name the errors workbook is downloaded as."""
    stem = os.path.splitext(os.path.basename(filename or ""))[0] or "tep-nhap"
    return f"{stem}-loi.xlsx"


def _as_dict(issue):
    return issue.as_json() if hasattr(issue, "as_json") else dict(issue)


def _bilingual(vi, en, language):
    return vi if language == "vi" or not en or en == vi else f"{vi} / {en}"


def _capital(text):
    return text[:1].upper() + text[1:]


def issue_text(issue, language="vi"):
    """The message of one issue as the "Lỗi" cell shows it: "Cột 'X': …" (then " / Column 'X': …")."""
    vi, en = issue.get("vi") or "", issue.get("en") or ""
    column = issue.get("column")
    if column:
        vi, en = f"Cột '{column}': {vi}", f"Column '{column}': {en}"
    else:
        vi, en = _capital(vi), _capital(en)
    return _bilingual(vi, en, language)


def _open(source):
    """The workbook to annotate: the .xlsx itself (openpyxl), else a new one with the file's rows."""
    fmt = sniff(source)
    if fmt == XLSX:
        _rewind(source)
        try:
            return openpyxl.load_workbook(source, rich_text=True)
        except Exception:  # noqa: BLE001 - openpyxl raises many types; the rows are still readable
            _rewind(source)
            return _copy(FastWorkbook(source))
    return None


def _rewind(source):
    if hasattr(source, "seek"):
        source.seek(0)


def _copy(reader):
    """A new workbook with the rows of `reader` (a FastWorkbook, CalamineWorkbook or CsvWorkbook)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    try:
        for title in reader.sheetnames:
            sheet = book.create_sheet(title)
            for number, values in enumerate(reader[title].iter_rows(min_row=1, values_only=True), start=1):
                for index, value in enumerate(values, start=1):
                    if value is None:
                        continue
                    if isinstance(value, str):
                        value = _ILLEGAL.sub("", value)
                    cell = sheet.cell(row=number, column=index, value=value)
                    if isinstance(value, str) and cell.data_type == "f":
                        cell.data_type = "s"  # the file's text, never a formula
    finally:
        reader.close()
    if not book.sheetnames:
        book.create_sheet("Sheet1")
    return book


def _load(source, csv_sheet):
    book = _open(source)
    if book is not None:
        return book
    _rewind(source)
    if sniff(source) == XLS:
        return _copy(CalamineWorkbook(source))
    return _copy(CsvWorkbook(source, csv_sheet))


def _last_column(sheet, rows):
    """The rightmost used column: cells with a value, and merged ranges across the rows written to."""
    last = max((col for (_, col), cell in sheet._cells.items() if cell.value is not None), default=0)
    for merged in sheet.merged_cells.ranges:
        if merged.max_col > last and any(merged.min_row <= r <= merged.max_row for r in rows):
            last = merged.max_col
    return last


def _anchor(sheet, row, col):
    """The cell at (row, col), or the top-left cell of the merged range it lies in."""
    cell = sheet.cell(row=row, column=col)
    if isinstance(cell, MergedCell):
        for merged in sheet.merged_cells.ranges:
            if cell.coordinate in merged:
                return sheet.cell(row=merged.min_row, column=merged.min_col)
    return cell


def _comment(cell, text):
    if cell.comment is not None and cell.comment.text:
        text = f"{cell.comment.text}\n\n{text}"
    comment = Comment(text, AUTHOR)
    comment.width, comment.height = 320, min(60 + 40 * text.count("\n"), 400) + 40
    cell.comment = comment


def _mark_sheet(sheet, issues, header_rows, language):
    """Fill and comment the bad cells of `sheet`, add the "Lỗi" column; returns its letter."""
    by_row = defaultdict(list)
    for issue in issues:
        by_row[issue["row"]].append(issue)
    header_rows = sorted(header_rows or ())
    col = _last_column(sheet, set(by_row) | set(header_rows)) + 1
    letter = get_column_letter(col)
    if header_rows:
        top, bottom = header_rows[0], header_rows[-1]
        cell = sheet.cell(row=top, column=col)
        beside = sheet.cell(row=top, column=col - 1) if col > 1 else None
        if beside is not None and beside.has_style:
            cell._style = copy(beside._style)
        cell.value = _bilingual("Lỗi", "Errors", language)
        cell.font = Font(bold=True, color=ERROR_FONT)
        if bottom > top:
            sheet.merge_cells(start_row=top, end_row=bottom, start_column=col, end_column=col)
    fill = PatternFill(fill_type="solid", fgColor=ERROR_FILL, bgColor=ERROR_FILL)
    for row, row_issues in sorted(by_row.items()):
        lines = [issue_text(issue, language) for issue in row_issues]
        for issue, line in zip(row_issues, lines, strict=True):
            if issue.get("col"):
                cell = _anchor(sheet, row, issue["col"])
                cell.fill = fill
                _comment(cell, line)
        if row in header_rows:
            continue  # the header row's "Lỗi" cell is the column's title; its errors are in the comments
        cell = sheet.cell(row=row, column=col)
        cell.value = "\n".join(lines)
        cell.font = Font(color=ERROR_FONT)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions[letter].width = 60
    return letter


def _summary(book, issues, language, error_count):
    """The last sheet: every error (sheet, row, column, message), each row linking to its cell."""
    sheet = book.create_sheet(SUMMARY_TITLE)
    labels = [("Sheet", "Sheet"), ("Dòng", "Row"), ("Cột", "Column"), ("Lỗi", "Error")]
    sheet.append([_bilingual(vi, en, language) for vi, en in labels])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for issue in issues:
        message = _bilingual(_capital(issue.get("vi") or ""), _capital(issue.get("en") or ""), language)
        sheet.append([issue.get("sheet"), issue.get("row"), issue.get("column"), message])
        title, row, col = issue.get("sheet"), issue.get("row"), issue.get("col")
        if title in book.sheetnames and title != sheet.title and row:
            target = f"{get_column_letter(col or 1)}{row}"
            quoted = title.replace("'", "''")
            link = sheet.cell(row=sheet.max_row, column=1)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!{target}", display=title)
            link.font = Font(color="0563C1", underline="single")
    more = (error_count or 0) - len(issues)
    if more > 0:
        sheet.append(
            [None, None, None, _bilingual(f"… và {more} lỗi khác", f"… and {more} more errors", language)]
        )
    for letter, width in zip("ABCD", (28, 8, 32, 100), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def write_errors_workbook(
    source, issues, target, *, headers=None, language="vi", csv_sheet=None, error_count=None
):
    """Write to `target` (a path or binary file) the workbook `source` with `issues` marked.

    `source`: the uploaded file (path or binary file object). `issues`: ImportIssues or their `as_json()`
    dicts; only errors are marked. `headers`: {sheet title: [header row numbers]} (where "Lỗi" goes).
    `csv_sheet`: the sheet title a CSV file was read as (default: the sheet its issues name).
    `error_count`: the errors found, when more than `issues` (the summary says how many were left out).
    Returns the number of cells marked. Raises FormatError when the file cannot be read at all.
    """
    issues = [_as_dict(i) for i in issues]
    issues = [i for i in issues if i.get("level", "error") == "error"]
    headers = headers or {}
    if csv_sheet is None:
        csv_sheet = next((i["sheet"] for i in issues if i.get("sheet")), None) or next(iter(headers), "CSV")
    is_path = isinstance(source, (str, os.PathLike))
    handle = open(source, "rb") if is_path else source  # noqa: SIM115 - closed below
    try:
        try:
            book = _load(handle, csv_sheet)
        except XlsxError as exc:
            raise FormatError(f"không đọc được tệp: {exc}", f"cannot read the file: {exc}") from exc
    finally:
        if is_path:
            handle.close()
        else:
            _rewind(handle)
    by_sheet = defaultdict(list)
    for issue in issues:
        if issue.get("sheet") in book.sheetnames and issue.get("row"):
            by_sheet[issue["sheet"]].append(issue)
    marked = 0
    for title, sheet_issues in by_sheet.items():
        _mark_sheet(book[title], sheet_issues, headers.get(title), language)
        marked += sum(1 for i in sheet_issues if i.get("col"))
    _summary(book, issues, language, error_count)
    book.save(target)
    return marked
