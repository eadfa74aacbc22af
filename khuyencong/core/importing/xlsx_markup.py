"""The scanner's side of the .xlsx worksheet reader (`xlsx.FastSheet`): the grammar of the plain markup
spreadsheet programs write inside `<sheetData>` (compiled regular expressions), the checks that stand in
for an XML parser's on that text, and the expat pass over what surrounds it. Anything these do not vouch
for raises `_Unrecognised`, and the reader reads the sheet with expat instead.
"""

import re
from xml.parsers import expat

_NS_XML = "http://www.w3.org/XML/1998/namespace"
_SEP = "\x01"  # expat namespace separator: "uri\x01local"


class _Unrecognised(Exception):
    """The scanner met markup it does not handle exactly: read the sheet with expat instead."""


# The scanner's grammar. Whitespace is XML's (not \s, which is Unicode's). An attribute value with "&" or
# "<" is left to expat; the attributes the reader ignores are still checked (`_attributes_ok`).
_S = r"[ \t\r\n]"
_ATTR = rf"""{_S}+[^\W\d][\w.:-]*{_S}*={_S}*(?:"[^"<&]*"|'[^'<&]*')"""
_ATTRS = rf"(?:{_ATTR})*{_S}*"  # the attributes of a tag the scanner reads nothing from
_T_ANY = rf"<t{_ATTRS}(?:/>|>[^<]*</t>)"
_RUN_PROPERTY = (
    rf"<(?:rFont|charset|family|b|i|strike|outline|shadow|condense|extend|color|sz|u|vertAlign|scheme)"
    rf"{_ATTRS}/>"
)
_RUN = rf"<r{_ATTRS}>{_S}*(?:<rPr{_ATTRS}(?:/>|>(?:{_S}*{_RUN_PROPERTY})*{_S}*</rPr>){_S}*)?{_T_ANY}{_S}*</r>"
# An inline string other than the usual <is><t>text</t></is>: rich text runs, phonetic runs, whitespace.
_RICH = (
    rf"<is{_ATTRS}(?:/>|>{_S}*(?:{_T_ANY}{_S}*)?(?:{_RUN}{_S}*)*"
    rf"(?:<rPh{_ATTRS}>{_S}*{_T_ANY}{_S}*</rPh>{_S}*)*(?:<phoneticPr{_ATTRS}/>{_S}*)?</is>)"
)


def _token_expression(space, blank, tag_blank):
    """The expression `re.split` cuts the inside of <sheetData> with: the tokens are cells and row tags, and
    what lies between two tokens must be whitespace, so nothing goes unread. Groups of a cell: column
    letters, style, type, other attributes, the formula's attributes, <v> text, plain inline text, rich
    inline string; of a row tag (`other`): the row number and other attributes.

    `space` separates attributes, `blank` may separate tags, `tag_blank` may end a tag. Optional parts are
    written `(?:…|)` rather than `(?:…)?`, which the `re` engine runs markedly slower.
    """
    attr = rf"""{space}[^\W\d][\w.:-]*{blank}={blank}(?:"[^"<&]*"|'[^'<&]*')"""
    attrs = rf"((?:{attr})*){tag_blank}"
    return re.compile(
        rf'<c(?:{space}r="([A-Z]{{1,3}})[0-9]+"|)(?:{space}s="(0|[1-9][0-9]*)"|)(?:{space}t="([A-Za-z]+)"|)'
        rf"{attrs}(?:/>|>{blank}(?:<f{attrs}(?:/>|>[^<]*</f>){blank}|)"
        rf"(?:<v>([^<]*)</v>{blank}|<v{tag_blank}/>{blank}|)"
        rf'(?:<is><t(?:{space}xml:space="preserve"|)>([^<]+)</t></is>{blank}|({_RICH}){blank}|)</c>)'
        rf'|(</row{tag_blank}>|<row(?:{space}r="([0-9]+)"|){attrs}/?>)'
    )


# What programs write (one space between attributes, none between tags) is cut with the first expression,
# a little faster; a chunk of rows it leaves something else in is cut again with the second.
_COMPACT_TOKENS = _token_expression(" ", "", " ?")
_SPACED_TOKENS = _token_expression(f"{_S}+", f"{_S}*", f"{_S}*")
_TOKEN_GROUPS = 11
_ATTR_NAME = re.compile(rf"""{_S}+([^\W\d][\w.:-]*){_S}*={_S}*(?:"[^"]*"|'[^']*')""")
_TAG_ATTRS = re.compile(rf"<[^\W\d][\w.-]*((?:{_ATTR})+)")
_RICH_TEXT = re.compile(rf"<t{_ATTRS}(?:/>|>([^<]*)</t>)")
# Byte values XML forbids (control characters but tab, line feed and carriage return): `_checked` deletes
# all the others and looks at what is left.
_XML_BYTES = bytes(b for b in range(256) if b >= 0x20 or b in (0x9, 0xA, 0xD))
_BAD_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)")
_CHAR_REF = re.compile(r"&#(?:([0-9]+)|x([0-9a-fA-F]+));")
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
_NAMED_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
# Elements the expat reader acts on: outside <sheetData> they are left to it.
_DATA_ELEMENTS = frozenset({"sheetData", "row", "c", "v", "t", "is", "rPh"})


def _xml_char(code):
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _entity(match):
    name, decimal, hexadecimal = match.groups()
    if name:
        return _NAMED_ENTITIES[name]
    return chr(int(decimal) if decimal else int(hexadecimal, 16))


def _unescape(text):
    """Text with its entity and character references replaced (all checked by `_checked` beforehand)."""
    return _ENTITY.sub(_entity, text)


def _checked(data):
    """(text, has "&") of a run of whole rows: decoded, line ends normalised as an XML parser does, and
    refused (`_Unrecognised`) where expat would find an error the regular expressions cannot see: a
    character XML does not allow (U+FFFE and U+FFFF included), "]]>", an entity other than XML's five, a
    reference to a forbidden character. All are plain searches: a regular expression would take about as
    long as reading the cells."""
    if data.translate(None, _XML_BYTES) or (b"]" in data and b"]]>" in data):
        raise _Unrecognised("a character XML does not allow, or ]]>")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Unrecognised(f"not UTF-8: {exc}") from exc
    if "\ufffe" in text or "\uffff" in text:
        raise _Unrecognised("a character XML does not allow")
    if b"\r" in data:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    ampersand = b"&" in data
    if ampersand:
        if _BAD_AMPERSAND.search(text):
            raise _Unrecognised("an entity other than XML's own")
        for decimal, hexadecimal in _CHAR_REF.findall(text):
            if not _xml_char(int(decimal) if decimal else int(hexadecimal, 16)):
                raise _Unrecognised("a reference to a character XML does not allow")
    return text, ampersand


def _attributes_ok(text, known, prefixes):
    """Whether attributes the scanner skips are ones expat would accept and the reader ignore: no name the
    reader reads (`known`, which the token expression only takes first and in order), no namespace
    declaration, no unbound prefix, no duplicate."""
    seen = set()
    for name in _ATTR_NAME.findall(text):
        prefix, colon, local = name.partition(":")
        if colon:
            if not local or ":" in local or prefix not in prefixes:
                return False
            key = (prefixes[prefix], local)
        elif name in known or name == "xmlns":
            return False
        else:
            key = name
        if key in seen:
            return False
        seen.add(key)
    return True


class _Outside:
    """Expat on what surrounds the inside of <sheetData>: the scanner's XML checks for that part.

    It refuses (`_Unrecognised`) a DOCTYPE (entities the scanner would not know), an encoding other than
    UTF-8, a prefixed or second <sheetData>, and elements the expat reader acts on (`_DATA_ELEMENTS`)
    outside <sheetData>. It records the namespace prefixes in scope at <sheetData> for `_attributes_ok`.
    """

    def __init__(self, hidden_columns=None):
        # 0-based indexes of the columns <cols> hides (filled as the part is read; before <sheetData>).
        self.hidden_columns = set() if hidden_columns is None else hidden_columns
        parser = self.parser = expat.ParserCreate(namespace_separator=_SEP)
        parser.namespace_prefixes = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.StartNamespaceDeclHandler = self._declare
        parser.EndNamespaceDeclHandler = self._undeclare
        parser.XmlDeclHandler = self._declaration
        parser.StartDoctypeDeclHandler = self._doctype
        self.scopes = {}
        self.state = "before"  # then "open" (inside <sheetData>), then "closed"
        self.prefixes = {"xml": _NS_XML}

    def feed(self, data, final=False):
        try:
            self.parser.Parse(data, final)
        except expat.ExpatError as exc:
            raise _Unrecognised(f"XML error: {exc}") from exc

    def _start(self, name, attrs):
        parts = name.split(_SEP)
        local = parts[1] if len(parts) > 1 else parts[0]
        if local == "col" and self.state == "before":
            hidden_span(attrs, self.hidden_columns)
        if local not in _DATA_ELEMENTS:
            return
        if local != "sheetData" or self.state != "before" or len(parts) == 3:
            raise _Unrecognised(f"<{local}> where the scanner does not read it")
        self.state = "open"
        self.prefixes = {prefix: uris[-1] for prefix, uris in self.scopes.items() if uris and prefix}
        self.prefixes["xml"] = _NS_XML

    def _end(self, name):
        if self.state == "open" and name.split(_SEP)[:2][-1] == "sheetData":
            self.state = "closed"

    def _declare(self, prefix, uri):
        self.scopes.setdefault(prefix, []).append(uri)

    def _undeclare(self, prefix):
        self.scopes[prefix].pop()

    def _declaration(self, version, encoding, standalone):
        if encoding and encoding.lower() not in ("utf-8", "utf8"):
            raise _Unrecognised(f"encoding {encoding}")

    def _doctype(self, *args):
        raise _Unrecognised("a DOCTYPE")


def hidden_span(attrs, hidden):
    """Add to `hidden` the 0-based columns a <col min max hidden> element hides."""
    if attrs.get("hidden") in ("1", "true"):
        try:
            first, last = int(attrs.get("min", 0)), int(attrs.get("max", 0))
        except ValueError:
            return
        if 0 < first <= last:
            hidden.update(range(first - 1, min(last, 16384)))


_HIDDEN_ROW = re.compile(r"""[ \t\r\n]hidden[ \t\r\n]*=[ \t\r\n]*["'](?:1|true)["']""")


def _sheet_data(handle, outside, size):
    """Yield the inside of the part's <sheetData> as `_checked` texts of whole rows (a chunk of
    decompressed bytes cut before its last `<row`), feeding everything around it to `outside`."""
    read = handle.read
    pending = b""
    while True:  # up to the <sheetData> start tag
        chunk = read(size)
        pending += chunk
        start = pending.find(b"<sheetData")
        if start >= 0:
            end = pending.find(b">", start)
            if end >= 0:
                break
        elif len(pending) > 9:  # keep what may be the beginning of "<sheetData"
            outside.feed(pending[:-9])
            pending = pending[-9:]
        if not chunk:
            raise _Unrecognised("no <sheetData>")
    outside.feed(pending[: end + 1])
    pending = pending[end + 1 :]
    if outside.state == "open":
        searched = 0
        while True:
            stop = pending.find(b"</sheetData", searched)
            if stop >= 0:
                yield _checked(pending[:stop])
                pending = pending[stop:]
                break
            cut = pending.rfind(b"<row", max(1, searched))
            if cut > 0:
                yield _checked(pending[:cut])
                pending = pending[cut:]
            chunk = read(size)
            if not chunk:
                raise _Unrecognised("the part ends inside <sheetData>")
            searched = max(0, len(pending) - 10)
            pending += chunk
    elif outside.state != "closed":
        raise _Unrecognised("no <sheetData> start tag where the text has one")
    while pending:  # the rest of the part, after </sheetData>
        outside.feed(pending)
        pending = read(size)
    outside.feed(b"", final=True)


def _unread(parts):
    """Whether `re.split` left anything but whitespace between tokens (every `_TOKEN_GROUPS + 1`th part)."""
    gaps = parts[:: _TOKEN_GROUPS + 1]
    return any(gaps) and "".join(gaps).strip(" \t\r\n") != ""
