"""Header rows of officers' sheets: comparison keys of header cells, group headers merged over
sub-headers (one to three rows), the total row ("Tổng cộng") and the row of column numbers ((1) (2) (3)).

Used by `reader.SheetReader` to find a sheet's header and columns and to recognise the rows that are not
data."""

import re

from ..text import fold
from .errors import CellError
from .parsers import clean_text

_NUMBERING = re.compile(
    r"[(\[]?\s*(?:[0-9]{1,3}|[A-Za-z])\s*[)\]]?(?:\s*[=+\-*/x:]\s*[(\[]?[0-9]{1,3}[)\]]?)*"
)
_TOTAL_WORDS = {"tong cong", "tong", "cong", "total", "grand total", "tong so", "sum", "cong tong"}
_PUNCT = re.compile(r"[^\w\s]+")
# The first ASCII word character after ASCII punctuation/spaces. Every total word starts with t, c or s,
# and legacy (TCVN3/VNI) conversion never changes ASCII characters, so a cell whose first such character
# is another letter or a digit is no total label: the common case (a code, a name) skips `fold`.
_FIRST_ASCII_WORD = re.compile(r"[\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]*([A-Za-z0-9_])")


def header_key(text):
    """Comparison key of a header cell or label: folded, "*" and "(*)" dropped, spacing normalised."""
    if text is None:
        return ""
    key = fold(text).replace("(*)", "").replace("*", "")
    key = re.sub(r"\s*([(\[])\s*", r" \1", key)
    key = re.sub(r"\s*([)\]])", r"\1", key)
    key = re.sub(r"\s*/\s*", "/", key)
    return " ".join(key.split()).strip(" .:")


def cell_text(value):
    if value is None:
        return None
    try:
        return clean_text(value)
    except CellError:
        return str(value)


def is_empty(value):
    return value is None or (type(value) is str and not value.strip())


def _is_total_label(value):
    if type(value) is not str:
        return False
    first = _FIRST_ASCII_WORD.match(value)
    if first is not None and first.group(1) not in "tTcCsS":
        return False
    key = " ".join(_PUNCT.sub(" ", fold(cell_text(value))).split())
    if key in _TOTAL_WORDS:
        return True
    return (key.startswith("tong cong ") and not key.startswith("tong cong ty")) or key.startswith("total ")


def is_total_row(values):
    """True if one of the first two non-empty cells says "Tổng cộng", "Tổng", "Cộng" or "Total"."""
    seen = 0
    for value in values:
        if is_empty(value):
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
    cells = [v for v in values if not is_empty(v)]
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


def match_key(key):
    """A header key with the usual abbreviations: "quyết định" = "QĐ", "quy hoạch chi tiết" = "QHCT"."""
    if "quy" in key:
        for pattern, short in _ABBREVIATIONS:
            key = pattern.sub(short, key)
    return key


def header_paths(rows):
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
