"""A fast streaming reader of .xlsx worksheets (values only), used by `SheetReader` before openpyxl.

openpyxl's read-only mode builds an object per cell and, when a sheet has no `<dimension>` element (files
written in streaming mode by openpyxl, XlsxWriter and several provincial tools), scans the whole sheet
once just to size it every time the workbook is opened. For a 50,000-row file that was most of an
import's reading time. This module parses the sheet XML with expat (the C parser of the standard
library), keeping only what `SheetReader` needs: cell values by row, as openpyxl's `values_only=True`
gives them (text, int or float, bool, datetime for date-formatted numbers, error text such as "#N/A",
None for empty cells, an empty tuple for a missing row). Shared strings are read once (rich text runs
joined, phonetic runs dropped). Anything unexpected raises `XlsxError`, and the caller falls back to
openpyxl, so this is an accelerator, never the only way a file is read.
"""

import posixpath
import zipfile
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_SEP = "\x01"  # expat namespace separator: "uri\x01local"
_DIGITS = "0123456789"
_TEXT_KINDS = frozenset({"s", "b", "inlineStr", "str", "e", "d"})


class XlsxError(Exception):
    """The file is not something this reader handles; use openpyxl instead."""


def _local(name):
    return name.rpartition(_SEP)[2]


def _parse(data, start=None, end=None, text=None):
    parser = expat.ParserCreate(namespace_separator=_SEP)
    parser.buffer_text = True
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    try:
        if isinstance(data, bytes):
            parser.Parse(data, True)
        else:
            parser.ParseFile(data)
    except expat.ExpatError as exc:
        raise XlsxError(f"XML error: {exc}") from exc


def _column_index(ref):
    """'AB12' → 27 (0-based column of a cell reference)."""
    index = 0
    for char in ref:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            index = index * 26 + ord(char) - 96
        else:
            break
    return index - 1


class FastWorkbook:
    """The sheets of one workbook (path or binary file object), read lazily. Mirrors the small part of
    openpyxl's read-only Workbook that `SheetReader` uses: `sheetnames`, `wb[title].iter_rows()`, close()."""

    def __init__(self, source):
        try:
            self.archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise XlsxError(str(exc)) from exc
        try:
            self._sheets = self._read_workbook()
            self._date_styles = self._read_styles()
        except (KeyError, ValueError) as exc:
            self.archive.close()
            raise XlsxError(str(exc)) from exc
        self._strings = None

    # openpyxl-like surface ------------------------------------------------------------------------

    @property
    def sheetnames(self):
        return list(self._sheets)

    def __getitem__(self, title):
        return FastSheet(self, self._sheets[title])

    def close(self):
        self.archive.close()

    # parts ----------------------------------------------------------------------------------------------

    def _read_workbook(self):
        targets = {}

        def rel_start(name, attrs):
            if _local(name) == "Relationship":
                targets[attrs.get("Id")] = attrs.get("Target", "")

        _parse(self.archive.read("xl/_rels/workbook.xml.rels"), start=rel_start)
        sheets = {}
        self.epoch = CALENDAR_WINDOWS_1900

        def start(name, attrs):
            local = _local(name)
            if local == "sheet":
                rid = attrs.get(f"{_NS_REL}{_SEP}id")
                target = targets.get(rid)
                if target is None:
                    raise XlsxError(f"sheet {attrs.get('name')!r} has no part")
                path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
                sheets[attrs.get("name", "")] = posixpath.normpath(path)
            elif local == "workbookPr" and attrs.get("date1904") in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904

        _parse(self.archive.read("xl/workbook.xml"), start=start)
        if not sheets:
            raise XlsxError("no sheets")
        return sheets

    def _read_styles(self):
        """Indexes of the cell styles (cellXfs) whose number format is a date or time."""
        try:
            data = self.archive.read("xl/styles.xml")
        except KeyError:
            return frozenset()
        custom, xfs, where = {}, [], []

        def start(name, attrs):
            local = _local(name)
            if local == "numFmt":
                custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
            elif local in ("cellXfs", "cellStyleXfs"):
                where.append(local)
            elif local == "xf" and where and where[-1] == "cellXfs":
                xfs.append(int(attrs.get("numFmtId", "0")))

        def end(name):
            if _local(name) in ("cellXfs", "cellStyleXfs"):
                where.pop()

        _parse(data, start=start, end=end)
        dates = set()
        for index, fmt_id in enumerate(xfs):
            code = custom.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id)
            if code and is_date_format(code):
                dates.add(index)
        return frozenset(dates)

    def strings(self):
        if self._strings is None:
            self._strings = self._read_strings()
        return self._strings

    def _read_strings(self):
        strings = []
        try:
            info = self.archive.getinfo("xl/sharedStrings.xml")
        except KeyError:
            return strings
        parts, state = [], {"t": False, "rph": 0}

        def start(name, attrs):
            local = _local(name)
            if local == "t" and not state["rph"]:
                state["t"] = True
            elif local == "rPh":
                state["rph"] += 1
            elif local == "si":
                parts.clear()

        def end(name):
            local = _local(name)
            if local == "t":
                state["t"] = False
            elif local == "rPh":
                state["rph"] -= 1
            elif local == "si":
                strings.append("".join(parts))

        def text(data):
            if state["t"]:
                parts.append(data)

        with self.archive.open(info) as handle:
            _parse(handle, start=start, end=end, text=text)
        return strings


class FastSheet:
    def __init__(self, workbook, path):
        self.workbook = workbook
        self.path = path

    def reset_dimensions(self):
        """Nothing to do: this reader never trusts the stored dimensions."""

    def iter_rows(self, min_row=1, values_only=True):
        """Yield each row (from `min_row`) as a tuple of values; missing rows as empty tuples."""
        if not values_only:
            raise XlsxError("only values are read")
        rows = []
        cells = {}
        date_styles = self.workbook._date_styles
        strings = None
        epoch = self.workbook.epoch
        # The handlers run for every element of the sheet (a 50,000-row sheet has millions): their state is
        # in closure variables, tag names are mapped to local names once, column letters to indexes once.
        names = {}  # expat's "namespace\x01name" -> local name
        columns = {}  # column letters of a cell reference -> 0-based index
        number, col, kind, style, raw, collecting, piece = 0, -1, "n", None, None, False, ""

        def local_name(name):
            local = names[name] = _local(name)
            return local

        def start(name, attrs):
            nonlocal number, col, kind, style, raw, collecting, piece
            local = names.get(name) or local_name(name)
            if local == "c":
                ref = attrs.get("r")
                if ref:
                    letters = ref.rstrip(_DIGITS)
                    col = columns.get(letters)
                    if col is None:
                        col = columns[letters] = _column_index(letters)
                else:
                    col += 1
                kind = attrs.get("t", "n")
                style = attrs.get("s")
                raw = None
            elif local == "v" or (local == "t" and kind == "inlineStr"):
                collecting, piece = True, ""
            elif local == "row":
                ref = attrs.get("r")
                number = int(ref) if ref else number + 1
                col = -1
                cells.clear()
            elif local == "rPh":
                collecting = False

        def end(name):
            nonlocal strings, raw, collecting
            local = names.get(name) or local_name(name)
            if local == "v":
                raw, collecting = piece, False
            elif local == "t" and kind == "inlineStr":
                raw, collecting = (raw or "") + piece, False
            elif local == "c":
                if raw is None:
                    return
                if kind == "n" or kind not in _TEXT_KINDS:
                    value = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
                    if date_styles and int(style or 0) in date_styles:
                        value = from_excel(value, epoch)
                elif kind == "s":
                    if strings is None:
                        strings = self.workbook.strings()
                    value = strings[int(raw)]
                elif kind == "b":
                    value = raw.strip() in ("1", "true")
                else:
                    value = raw
                cells[col] = value
            elif local == "row" and number >= min_row:
                rows.append((number, _row_tuple(cells)))

        def text(data):
            nonlocal piece
            if collecting:
                piece += data

        parser = expat.ParserCreate(namespace_separator=_SEP)
        parser.buffer_text = True
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        expected = min_row
        try:
            with self.workbook.archive.open(self.path) as handle:
                while True:
                    chunk = handle.read(1 << 16)
                    parser.Parse(chunk, not chunk)
                    for row_number, values in rows:
                        while expected < row_number:  # rows absent from the file are empty
                            yield ()
                            expected += 1
                        yield values
                        expected = row_number + 1
                    rows.clear()
                    if not chunk:
                        break
        except expat.ExpatError as exc:
            raise XlsxError(f"XML error in {self.path}: {exc}") from exc
        except (KeyError, IndexError, ValueError) as exc:
            raise XlsxError(f"unexpected content in {self.path}: {exc}") from exc


def _row_tuple(cells):
    if not cells:
        return ()
    width = max(cells) + 1
    if width == len(cells):
        return tuple(cells[i] for i in range(width))
    return tuple(cells.get(i) for i in range(width))
