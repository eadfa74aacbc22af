"""The other files officers keep: old Excel (.xls, read by calamine) and CSV (one sheet, its kind chosen).

Both mirror the small part of openpyxl's read-only workbook that `SheetReader` uses (`sheetnames`,
`wb[title].iter_rows(values_only=True)`, `reset_dimensions()`, `close()`) and give cell values as the .xlsx
reader does: None for an empty cell, int for a whole number, float, str, date/datetime. Neither knows
hidden rows or columns (calamine does not report them; a CSV has none).
"""

import csv
import io
import os
from collections import Counter

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
XLSX, XLS, CSV = "xlsx", "xls", "csv"


class FormatError(Exception):
    """The file cannot be read in this format; the message says why (Vietnamese / English)."""

    def __init__(self, vi, en):
        super().__init__(en)
        self.vi, self.en = vi, en


def _head(source, size=8):
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            return handle.read(size)
    position = source.tell()
    data = source.read(size)
    source.seek(position)
    return data


def sniff(source):
    """XLSX (a zip), XLS (an OLE2 container: .xls, or an encrypted workbook) or CSV (anything else)."""
    head = _head(source)
    if head.startswith(ZIP_MAGIC):
        return XLSX
    if head.startswith(OLE_MAGIC):
        return XLS
    return CSV


def _bytes(source):
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            return handle.read()
    source.seek(0)
    data = source.read()
    source.seek(0)
    return data


# -- .xls (and any other format calamine reads) ------------------------------------------------------------


def _cell(value):
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


class _CalamineSheet:
    def __init__(self, sheet):
        self.sheet = sheet
        self.hidden_rows = set()
        self.hidden_columns = frozenset()

    def reset_dimensions(self):
        """Nothing to do: calamine reads the cells."""

    def iter_rows(self, min_row=1, values_only=True):
        start = self.sheet.start or (0, 0)
        first_row, first_col = start
        pad = (None,) * first_col
        number = 1
        for _ in range(first_row):
            if number >= min_row:
                yield ()
            number += 1
        for values in self.sheet.iter_rows():
            if number >= min_row:
                row = pad + tuple(_cell(v) for v in values)
                while row and row[-1] is None:
                    row = row[:-1]
                yield row
            number += 1


class CalamineWorkbook:
    """A workbook read by python-calamine (Rust): .xls (.xlsx stays with `xlsx.FastWorkbook`)."""

    def __init__(self, source):
        import python_calamine

        try:
            if isinstance(source, (str, os.PathLike)):
                self.book = python_calamine.CalamineWorkbook.from_path(os.fspath(source))
            else:
                source.seek(0)
                self.book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source.read()))
                source.seek(0)
        except python_calamine.PasswordError as exc:
            raise FormatError(
                "tệp Excel đã đặt mật khẩu; hãy mở bằng Excel và lưu lại không mật khẩu",
                "the Excel file is password-protected; open it in Excel and save it without a password",
            ) from exc
        except Exception as exc:  # calamine raises several types for a damaged file
            raise FormatError(
                f"không mở được tệp Excel .xls: {exc}", f"cannot open the Excel .xls file: {exc}"
            ) from exc

    @property
    def sheetnames(self):
        return list(self.book.sheet_names)

    def __getitem__(self, title):
        return _CalamineSheet(self.book.get_sheet_by_name(title))

    def close(self):
        self.book.close()


# -- CSV ------------------------------------------------------------------------------------------


def decode(data):
    """CSV bytes as text: UTF-8 (with or without BOM), else Windows-1258 (Vietnamese Windows)."""
    if b"\x00" in data[:65536]:
        raise FormatError(
            "tệp không phải là bảng tính Excel (.xlsx, .xls) hay tệp CSV",
            "the file is neither an Excel workbook (.xlsx, .xls) nor a CSV file",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise FormatError(
            "tệp CSV không phải UTF-8 hay Windows-1258; hãy lưu lại dưới dạng 'CSV UTF-8'",
            "the CSV file is neither UTF-8 nor Windows-1258; save it as 'CSV UTF-8'",
        ) from exc


def delimiter(text):
    """',' or ';' (or a tab): the one that cuts the first lines into the most rows of one same width."""
    lines = [line for line in text.splitlines()[:40] if line.strip()]
    best, score = ",", -1
    for candidate in (",", ";", "\t"):
        widths = Counter(len(row) for row in csv.reader(lines, delimiter=candidate) if len(row) > 1)
        if not widths:
            continue
        count = max(widths.values())
        if count > score:
            best, score = candidate, count
    return best


class _CsvSheet:
    hidden_rows = frozenset()
    hidden_columns = frozenset()

    def __init__(self, text, separator):
        self.text, self.separator = text, separator

    def reset_dimensions(self):
        """Nothing to do."""

    def iter_rows(self, min_row=1, values_only=True):
        for number, row in enumerate(csv.reader(io.StringIO(self.text), delimiter=self.separator), start=1):
            if number < min_row:
                continue
            cells = [value if value.strip() else None for value in row]
            while cells and cells[-1] is None:
                cells.pop()
            yield tuple(cells)


class CsvWorkbook:
    """A CSV file as a workbook of one sheet named `title` (the sheet kind the officer chose)."""

    def __init__(self, source, title):
        self.title = title
        text = decode(_bytes(source))
        self.sheet = _CsvSheet(text, delimiter(text))

    @property
    def sheetnames(self):
        return [self.title]

    def __getitem__(self, title):
        if title != self.title:
            raise KeyError(title)
        return self.sheet

    def close(self):
        """Nothing to release."""
