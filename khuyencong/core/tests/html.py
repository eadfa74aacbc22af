"""Reading list pages in tests: the texts of a table's headers, whether or not they sort."""

import re
from html import unescape

_TH = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_TAG = re.compile(r"<[^>]+>")
_MARKS = " ▲▼"


def headers(page):
    """The header texts of the page's tables, in order (the sort marks dropped)."""
    return [unescape(_TAG.sub("", cell)).strip(_MARKS) for cell in _TH.findall(page)]


def in_order(page, expected):
    """Whether the page's table headers include `expected` one after the other."""
    found = headers(page)
    return any(found[i : i + len(expected)] == expected for i in range(len(found)))
