"""A fast streaming reader of .xlsx worksheets (values only), used by `SheetReader` before openpyxl.

openpyxl's read-only mode builds an object per cell and, when a sheet has no `<dimension>` element (files
written in streaming mode by openpyxl, XlsxWriter and several provincial tools), scans the whole sheet
once just to size it every time the workbook is opened. For a 50,000-row file that was most of an
import's reading time. This module keeps only what `SheetReader` needs: cell values by row, as openpyxl's
`values_only=True` gives them (text, int or float, bool, datetime for date-formatted numbers, timedelta
for duration formats such as `[h]:mm`, error text such as "#N/A", None for empty cells, an empty tuple for
a missing row). Shared strings are read once (rich text runs joined, phonetic runs dropped).

A worksheet is read in two ways. The scanner (`_scan`) matches the inside of `<sheetData>` with compiled
regular expressions (their grammar and checks are in `xlsx_markup.py`), a chunk of rows at a time, so that
the work per cell is one tuple made in C and a few Python operations; it accepts only the plain, unprefixed
markup that spreadsheet programs write and checks everything else of the part (before and after
`<sheetData>`) with expat. On anything it does not recognise exactly (a namespace prefix, a comment or CDATA
between cells, an unknown child element, an attribute it cannot vouch for, malformed text) it stops, and the
same rows are read again with expat (`_expat_rows`), the reference: expat with Python callbacks for every
element, several times slower but taking any well-formed XML. Anything neither handles raises `XlsxError`,
and the caller falls back to openpyxl, so this is an accelerator, never the only way a file is read.
"""

import itertools
import posixpath
import zipfile
import zlib
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

from .xlsx_markup import (
    _COMPACT_TOKENS,
    _HIDDEN_ROW,
    _RICH_TEXT,
    _SEP,
    _SPACED_TOKENS,
    _TAG_ATTRS,
    _TOKEN_GROUPS,
    _attributes_ok,
    _Outside,
    _sheet_data,
    _unescape,
    _unread,
    _Unrecognised,
    hidden_span,
)

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DIGITS = "0123456789"

# Bytes of the decompressed sheet part read at a time by the scanner (tests make it tiny to split rows).
# 64 KiB reads as fast as larger chunks and keeps the scanner's peak memory under a megabyte.
_CHUNK_SIZE = 1 << 16


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


def _number(raw):
    """The value of a numeric cell, as openpyxl casts it (int unless the text has a point or exponent)."""
    return float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)


def _serial_date(value, epoch, duration):
    """A date-formatted number as openpyxl reads it: out of the calendar's range it is an error value."""
    try:
        return from_excel(value, epoch, timedelta=duration)
    except (OverflowError, ValueError):
        return "#VALUE!"


def _typed_value(kind, raw):
    """The value of a cell of type `kind` (not a number, shared or inline string) from its <v> text."""
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "d":
        return from_ISO8601(raw)
    return raw  # "str" (a formula's text), "e" (an error such as #N/A), or a type openpyxl keeps as text


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
        """{index of a cell style (cellXfs) whose number format is a date or time: is it a duration?}

        Durations (`[h]:mm:ss`) are read as timedelta, the other date formats as datetime, as openpyxl does.
        """
        try:
            data = self.archive.read("xl/styles.xml")
        except KeyError:
            return {}
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
        dates = {}
        for index, fmt_id in enumerate(xfs):
            code = custom.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id)
            if code and is_date_format(code):
                dates[index] = is_timedelta_format(code)
        return dates

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
        self.fallback = None  # why the last iter_rows() left the scanner for expat, if it did
        # Rows (Excel numbers) and 0-based columns the sheet hides: filled while its rows are read.
        self.hidden_rows = set()
        self.hidden_columns = set()

    def reset_dimensions(self):
        """Nothing to do: this reader never trusts the stored dimensions."""

    def iter_rows(self, min_row=1, values_only=True):
        """Yield each row (from `min_row`) as a tuple of values; missing rows as empty tuples."""
        if not values_only:
            raise XlsxError("only values are read")
        return self._iter_rows(min_row)

    def _iter_rows(self, min_row, scan=True):
        """`iter_rows`; with `scan=False` by expat alone (the reference the scanner is tested against)."""
        expected = min_row
        numbered = self._scanned_rows(min_row) if scan else self._expat_rows(min_row)
        for row_number, values in numbered:
            while expected < row_number:  # rows absent from the file are empty
                yield ()
                expected += 1
            yield values
            expected = row_number + 1

    def _scanned_rows(self, min_row):
        """(row number, values) of the rows from `min_row`, by the scanner; where it gives up, by expat
        from the first row the scanner has not yielded (both yield the same rows in the same order)."""
        self.fallback = None
        self.hidden_rows.clear()
        self.hidden_columns.clear()
        done = 0
        try:
            for batch in self._scan(min_row):
                yield from batch
                done += len(batch)
            return
        except _Unrecognised as exc:
            self.fallback = str(exc) or type(exc.__cause__).__name__
        yield from itertools.islice(self._expat_rows(min_row), done, None)

    def _scan(self, min_row):
        """Lists of (row number, values) read by the regular expressions, a chunk of rows at a time.

        Raises `_Unrecognised` for anything the grammar does not cover exactly, and for any error (a bad
        number, a shared string index out of range…), so that expat reads it and raises the same XlsxError.
        """
        workbook = self.workbook
        epoch = workbook.epoch
        dates = {str(index): duration for index, duration in workbook._date_styles.items()}
        if "0" in dates:
            dates[None] = dates["0"]  # a cell without s="…" has style 0
        strings = None
        columns = {}
        outside = _Outside(self.hidden_columns)
        hidden = self.hidden_rows
        checked = {}  # (attributes, names read) -> _attributes_ok: the same few strings repeat
        number, column, values, width = 0, -1, None, 0

        def attributes_ok(text, known):
            ok = checked.get((text, known))
            if ok is None:
                if len(checked) > 4096:
                    checked.clear()
                ok = checked[text, known] = _attributes_ok(text, known, outside.prefixes)
            return ok

        try:
            with workbook.archive.open(self.path) as handle:
                for text, ampersand in _sheet_data(handle, outside, _CHUNK_SIZE):
                    parts = _COMPACT_TOKENS.split(text)
                    if _unread(parts):
                        parts = _SPACED_TOKENS.split(text)
                        if _unread(parts):
                            raise _Unrecognised("markup other than cells and rows in <sheetData>")
                    batch = []
                    tokens = iter(parts)
                    next(tokens)  # the whitespace before the first token
                    # Each token's groups, then the whitespace up to the next one.
                    grouped = zip(*[tokens] * (_TOKEN_GROUPS + 1), strict=True)
                    for (
                        col,
                        style,
                        kind,
                        extra,
                        formula,
                        raw,
                        inline,
                        rich,
                        other,
                        row_ref,
                        row_extra,
                        _,
                    ) in grouped:
                        if other:
                            if other[1] == "/":  # </row>
                                if values is None:
                                    raise _Unrecognised("</row> outside a row")
                                if number >= min_row:
                                    batch.append((number, tuple(values)))
                                values = None
                            else:
                                if values is not None:
                                    raise _Unrecognised("a row inside a row")
                                if row_extra and not attributes_ok(row_extra, ("r",)):
                                    raise _Unrecognised(f"row attributes {row_extra!r}")
                                number = int(row_ref) if row_ref else number + 1
                                if row_extra and "hidden" in row_extra and _HIDDEN_ROW.search(row_extra):
                                    hidden.add(number)
                                if other[-2] == "/":  # <row …/>
                                    if number >= min_row:
                                        batch.append((number, ()))
                                else:
                                    column, values, width = -1, [], 0
                            continue
                        if extra and not attributes_ok(extra, ("r", "s", "t")):
                            raise _Unrecognised(f"cell attributes {extra!r}")
                        if formula and not attributes_ok(formula, ()):
                            raise _Unrecognised(f"formula attributes {formula!r}")
                        if col:
                            try:
                                column = columns[col]
                            except KeyError:
                                column = columns[col] = _column_index(col)
                        else:
                            column += 1
                        # Groups that did not take part are None: an absent <v> is like an empty one.
                        if not kind or kind == "n":
                            if not raw:
                                continue
                            if ampersand and "&" in raw:
                                raw = _unescape(raw)
                            value = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
                            if style in dates:
                                value = _serial_date(value, epoch, dates[style])
                        elif kind == "inlineStr":
                            if inline:
                                value = _unescape(inline) if ampersand and "&" in inline else inline
                            elif rich:
                                value = self._rich_text(rich, attributes_ok)
                            else:
                                continue
                        elif not raw:
                            continue
                        else:
                            if ampersand and "&" in raw:
                                raw = _unescape(raw)
                            if kind == "s":
                                if strings is None:
                                    strings = workbook.strings()
                                value = strings[int(raw)]
                            elif kind == "str":
                                value = raw
                            else:
                                value = _typed_value(kind, raw)
                        if column == width:
                            values.append(value)
                            width += 1
                        elif column > width:
                            values.extend([None] * (column - width))
                            values.append(value)
                            width = column + 1
                        else:
                            values[column] = value
                    yield batch
            if values is not None:
                raise _Unrecognised("a row without its end tag")
        except _Unrecognised:
            raise
        except Exception as exc:  # whatever it is, expat reads the sheet again and says what
            raise _Unrecognised(f"{type(exc).__name__}: {exc}") from exc

    @staticmethod
    def _rich_text(element, attributes_ok):
        """The text of an inline string other than <is><t>…</t></is> (validated by `_RICH`): its runs
        joined, phonetic runs (which come last) dropped."""
        for attributes in _TAG_ATTRS.findall(element):
            if not attributes_ok(attributes, ()):
                raise _Unrecognised(f"attributes {attributes!r} in an inline string")
        texts = _RICH_TEXT.findall(element.split("<rPh", 1)[0])
        return "".join(_unescape(piece) if "&" in piece else piece for piece in texts)

    def _expat_rows(self, min_row):
        """(row number, values) of the rows from `min_row`, by expat: the reference reader."""
        rows = []
        cells = {}
        date_styles = self.workbook._date_styles
        strings = None
        epoch = self.workbook.epoch
        # The handlers run for every element of the sheet (a 50,000-row sheet has millions): their state is
        # in closure variables, tag names are mapped to local names once, column letters to indexes once.
        names = {}  # expat's "namespace\x01name" -> local name
        columns = {}  # column letters of a cell reference -> 0-based index
        number, col, kind, style, raw, collecting, piece, phonetic = 0, -1, "n", None, None, None, "", 0

        def local_name(name):
            local = names[name] = _local(name)
            return local

        def start(name, attrs):
            nonlocal number, col, kind, style, raw, collecting, piece, phonetic
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
                raw, phonetic = None, 0
            elif local == "v":
                # openpyxl reads an inline string from <is> alone, and no other cell from <is>
                if kind != "inlineStr":
                    collecting, piece = "v", ""
            elif local == "t":
                if kind == "inlineStr" and not phonetic:
                    collecting, piece = "t", ""
            elif local == "is":
                if kind == "inlineStr" and raw is None:
                    raw = ""  # <is/> is an empty string, not an empty cell
            elif local == "row":
                ref = attrs.get("r")
                number = int(ref) if ref else number + 1
                if attrs.get("hidden") in ("1", "true"):
                    self.hidden_rows.add(number)
                col = -1
                cells.clear()
            elif local == "col":
                hidden_span(attrs, self.hidden_columns)
            elif local == "rPh":
                phonetic += 1
                collecting = None

        def end(name):
            nonlocal strings, raw, collecting, phonetic
            local = names.get(name) or local_name(name)
            if local == "v":
                if collecting == "v":
                    raw, collecting = piece, None
            elif local == "t":
                if collecting == "t":
                    raw, collecting = (raw or "") + piece, None
            elif local == "rPh":
                phonetic -= 1
            elif local == "c":
                if kind == "inlineStr":
                    if raw is None:
                        return
                    value = raw
                elif not raw:  # no <v>, or an empty one (openpyxl: None)
                    return
                elif kind == "n":
                    value = _number(raw)
                    duration = date_styles.get(int(style or 0))
                    if duration is not None:
                        value = _serial_date(value, epoch, duration)
                elif kind == "s":
                    if strings is None:
                        strings = self.workbook.strings()
                    value = strings[int(raw)]
                else:
                    value = _typed_value(kind, raw)
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
        try:
            with self.workbook.archive.open(self.path) as handle:
                while True:
                    chunk = handle.read(1 << 16)
                    parser.Parse(chunk, not chunk)
                    yield from rows
                    rows.clear()
                    if not chunk:
                        break
        except expat.ExpatError as exc:
            raise XlsxError(f"XML error in {self.path}: {exc}") from exc
        except (KeyError, IndexError, ValueError) as exc:
            raise XlsxError(f"unexpected content in {self.path}: {exc}") from exc
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise XlsxError(f"cannot decompress {self.path}: {exc}") from exc


def _row_tuple(cells):
    if not cells:
        return ()
    width = max(cells) + 1
    if width == len(cells):
        return tuple(cells[i] for i in range(width))
    return tuple(cells.get(i) for i in range(width))
