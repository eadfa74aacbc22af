"""The tables of the paged list pages, written in Python (docs/performance.md, "List pages").

A list page shows 50 rows of 6 to 10 columns. Written as a template, the rows of the cluster list cost
about half of the page's time: per page about 860 variable lookups, 370 translations, 750 escapes and
70 URL reversals. A `Table` declares its columns once (header, the cell from the row, CSS class) and
writes the whole `<table>` in one pass: headers and choice labels are translated once, the detail URL is
reversed once, every cell's text is escaped with `html.escape` unless it is already safe markup.

A list view names its table (`ScopedListView.table_class`); its `_rows.html` template shows it with
`{{ table }}` between the count and the pagination, and the htmx filter answers with the same template.
"""

from html import escape
from urllib.parse import parse_qsl

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from . import formatting

DASH = "—"
_PK_MARK = 987654321987  # a pk no table shows: reverse() once with it, then put each row's pk in its place
_LABELS = {}  # (choices class, language) → {value: translated label}


def label(choices, value):
    """The label of `value` in a choices class, in the active language (the value itself when it is not
    one of the choices, as `get_FOO_display`). The catalogues do not change while the process runs, so
    each language's labels are translated once per process, not once per cell."""
    key = (choices, get_language())
    found = _LABELS.get(key)
    if found is None:
        found = _LABELS[key] = {choice: str(text) for choice, text in choices.choices}
    return found.get(value, value)


def date(value):
    """A date as 16/05/2025, "—" when there is none."""
    return formatting.vn_date(value) if value else DASH


def text(value):
    """The value, "—" when it is empty."""
    return DASH if value is None or value == "" else value


class Column:
    """One column: its header, the cell of a row (text, escaped when shown, or safe markup) and its CSS
    class. `link=True` makes the cell a link to the row's detail page (`Table.detail_url`); `after(row)`
    adds markup behind that link (a badge). `sort` makes the header sort the list: the key the URL
    carries (`?sort=name`, `?sort=-name`), and `order`, the ORM fields it orders by (the key itself by
    default; a folded text field sorts Vietnamese names in their alphabetical order on both databases)."""

    __slots__ = ("header", "cell", "css", "link", "after", "sort", "order")

    def __init__(self, header, cell, css="", link=False, after=None, sort=None, order=None):
        self.header, self.cell, self.css, self.link, self.after = header, cell, css, link, after
        self.sort = sort
        self.order = tuple(order) if order else ((sort,) if sort else ())


def ordering(table_class, value):
    """The ORM ordering for `?sort=value` on a table (`-key` descending), or None when the table has no
    such sortable column (the list keeps its own order; a made-up key is no error)."""
    value = (value or "").strip()
    key = value.removeprefix("-")
    for column in getattr(table_class, "columns", ()):
        if column.sort and column.sort == key:
            if value.startswith("-"):
                return [f"-{field}" if not field.startswith("-") else field[1:] for field in column.order]
            return list(column.order)
    return None


class Table:
    """A `<table>` of rows: subclasses set `columns`, `detail_url` (a URL name taking the pk) and,
    if some rows stand out, `row_class(row)`."""

    columns = ()
    detail_url = None
    empty = None  # the text of the only row when there is none ("Nothing found." by default)

    def __init__(self, rows, sort="", querystring="", select=None):
        self.rows = rows
        self.sort = sort or ""  # the current `?sort=` value
        self.querystring = querystring  # the page's other parameters (filters, page size), no page/sort
        # Bulk actions: (form id, row → whether it may be chosen) adds a first column of checkboxes
        # (`name="ids"`) that belong to that form, wherever the page puts it.
        self.select = select

    def row_class(self, row):
        return ""

    def __html__(self):
        return self.render()

    def __str__(self):
        return self.render()

    def _header(self, column):
        css = f' class="{column.css}"' if column.css else ""
        text = escape(str(column.header))
        if not column.sort:
            return f"<th{css}>{text}</th>"
        ascending = self.sort == column.sort
        descending = self.sort == f"-{column.sort}"
        target = f"-{column.sort}" if ascending else column.sort
        query = f"{self.querystring}&sort={target}" if self.querystring else f"sort={target}"
        state = ' aria-sort="ascending"' if ascending else ' aria-sort="descending"' if descending else ""
        mark = " ▲" if ascending else " ▼" if descending else ""
        hint = escape(gettext("Sort by %(column)s") % {"column": column.header})
        return (
            f'<th{css}{state}><a href="?{escape(query)}" class="sort" title="{hint}">{text}'
            f'<span aria-hidden="true">{mark}</span></a></th>'
        )

    def _checkbox(self, row):
        form, allowed = self.select
        if not allowed(row):
            return "<td></td>"
        name = escape(gettext("Choose row %(row)s") % {"row": row})
        return (
            f'<td><input type="checkbox" name="ids" value="{row.pk}" form="{form}" aria-label="{name}"></td>'
        )

    def render(self):
        columns = self.columns
        if self.select and not any(self.select[1](row) for row in self.rows):
            self.select = None  # nothing here may be chosen: no column of empty boxes
        head = "".join(self._header(c) for c in columns)
        if self.select:
            choose = escape(gettext("Choose"))
            head = f'<th><span class="visually-hidden">{choose}</span></th>{head}'
        link_prefix = link_suffix = ""
        if self.detail_url:
            link_prefix, _, link_suffix = reverse(self.detail_url, args=[_PK_MARK]).partition(str(_PK_MARK))
        opens = [f'<td class="{c.css}">' if c.css else "<td>" for c in columns]
        out = []
        append = out.append
        for row in self.rows:
            css = self.row_class(row)
            append(f'<tr class="{css}">' if css else "<tr>")
            if self.select:
                append(self._checkbox(row))
            for column, opening in zip(columns, opens, strict=True):
                value = column.cell(row)
                if value is None:
                    value = ""
                cell = value if isinstance(value, SafeString) else escape(str(value))
                if column.link:
                    cell = f'<a href="{link_prefix}{row.pk}{link_suffix}">{cell}</a>'
                if column.after is not None:
                    cell += column.after(row)
                append(f"{opening}{cell}</td>")
            append("</tr>")
        if not out:
            if any(k not in ("per_page", "sort") and v for k, v in parse_qsl(self.querystring)):
                clear = escape(gettext("Clear the filters"))
                nothing = escape(gettext("Nothing matches these filters."))
                empty = f'{nothing} <a href="?">{clear}</a>'
            else:
                empty = escape(str(self.empty or gettext("Nothing found.")))
            out.append(f'<tr><td colspan="{len(columns) + bool(self.select)}">{empty}</td></tr>')
        body = "".join(out)
        table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        return mark_safe(f'<div class="table-wrap">{table}</div>')  # noqa: S308 - each cell is escaped or safe
