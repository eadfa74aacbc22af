"""Exports of what a list shows: CSV (UTF-8 with BOM, for Excel) and .xlsx, streamed in constant memory.

A list view declares `export_columns = [(header, accessor), ...]` (accessor: attribute path with
"__" or a callable taking the object), or `(header, accessor, unit)` where `unit` converts the value
(`million`: VND → triệu đồng, the unit of the reports, named in the header; `year`: a number written
without a thousands separator); `ExportMixin` answers `?export=csv|xlsx` with the filtered,
scoped queryset the page shows: streamed at once up to `settings.EXPORT_INLINE_ROWS` rows, as a
background job with a progress bar and a file to download beyond. Cells that start with = + - @ (or
tab/CR) are neutralised against formula injection. Empty values are empty cells. Headers and choice
labels are written in the user's language (Vietnamese by default, also in a background job).
"""

import csv
import io
import os
import tempfile
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.text import capfirst, slugify

from . import clock
from .text import fold

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


MILLION = Decimal(1_000_000)


class Year(int):
    """A year (or a code-like number): written as a number without a thousands separator."""


def million(vnd):
    """VND → triệu đồng (exact: a whole number of đồng has at most six decimals here)."""
    if vnd is None or vnd == "":
        return None
    return Decimal(vnd) / MILLION


def year(value):
    return None if value is None or value == "" else Year(value)


def _parts(column):
    """(header, accessor, unit or None) of an `export_columns` entry."""
    return (*column, None) if len(column) == 2 else tuple(column)


def neutralise(value):
    """Make a text cell inert in spreadsheets: a leading formula character gets a quote in front."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def resolve(obj, accessor):
    if callable(accessor):
        return accessor(obj)
    value = obj
    for part in accessor.split("__"):
        if value is None:
            return None
        value = getattr(value, part)
        if callable(value) and not hasattr(value, "all"):
            value = value()
    return value


def cell(value):
    """A Python value as a spreadsheet cell: numbers and dates stay typed, nothing stays an empty cell,
    the rest becomes text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    if hasattr(value, "all"):  # related manager
        return ", ".join(str(item) for item in value.all())
    return neutralise(str(value))


def rows(queryset, columns, chunk_size=2000):
    """The export rows of `queryset`. When every accessor is a plain path (a field, a field through
    foreign keys, an annotation, or `get_<field>_display` of a field with choices), the values are read
    with one `values_list` and no model instance is built (100,000 rows: docs/performance.md); the
    cells are the same as the per-object path gives."""
    columns = [_parts(column) for column in columns]
    units = [unit or _same for _header, _accessor, unit in columns]
    plan = _values_plan(queryset, [(header, accessor) for header, accessor, _unit in columns])
    if plan is None:
        for obj in queryset.iterator(chunk_size=chunk_size):
            yield [
                cell(unit(resolve(obj, accessor)))
                for (_header, accessor, _unit), unit in zip(columns, units, strict=True)
            ]
        return
    paths, labels = plan
    # The primary key first: a DISTINCT queryset stays distinct by row, not by the exported values.
    for values in queryset.values_list("pk", *paths).iterator(chunk_size=chunk_size):
        yield [
            cell(unit(value if choices is None else choices.get(value, value)))
            for value, choices, unit in zip(values[1:], labels, units, strict=True)
        ]


def _same(value):
    return value


def _values_plan(queryset, columns):
    """([values_list paths], [label dict or None per column]) or None when a column needs an object."""
    from django.db.models.fields.related import ForeignObjectRel

    paths, labels = [], []
    annotations = getattr(queryset.query, "annotations", {})
    for _header, accessor in columns:
        if callable(accessor):
            return None
        choices = None
        path = accessor
        if accessor.startswith("get_") and accessor.endswith("_display") and "__" not in accessor:
            path = accessor[len("get_") : -len("_display")]
        if path in annotations and path == accessor:
            paths.append(path)
            labels.append(None)
            continue
        model, field = queryset.model, None
        parts = path.split("__")
        for index, part in enumerate(parts):
            try:
                field = model._meta.get_field(part)
            except Exception:  # FieldDoesNotExist: a property or a method
                return None
            if isinstance(field, ForeignObjectRel) or field.many_to_many:
                return None
            if index < len(parts) - 1:
                if not (field.many_to_one or field.one_to_one) or field.related_model is None:
                    return None
                model = field.related_model
        if field is None or field.is_relation or not field.concrete:
            return None
        if path != accessor:  # get_<field>_display
            if not field.choices:
                return None
            choices = {value: str(label) for value, label in field.flatchoices}
        paths.append(path)
        labels.append(choices)
    return paths, labels


class _Echo:
    def write(self, value):
        return value


def csv_response(filename, headers, body_rows):
    """Stream CSV with a BOM so Excel shows Vietnamese correctly; dates as dd/mm/yyyy."""
    writer = csv.writer(_Echo())

    def generate():
        yield BOM + writer.writerow([str(h) for h in headers])
        for row in body_rows:
            yield writer.writerow([_csv_text(value) for value in row])

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return value


def write_xlsx(target, sheets):
    """Write `sheets` = [(title, headers, rows, totals_or_None)] to a path or file object.

    XlsxWriter in constant-memory mode writes row by row, so 100,000 rows take little memory.
    Numbers keep their type (with thousand grouping), dates are real dates shown dd/mm/yyyy.
    """
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "remove_timezone": True,
        },
    )
    bold = workbook.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "border": 1, "bg_color": "#E8EEF7"}
    )
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    int_format = workbook.add_format({"num_format": "#,##0"})
    dec_format = workbook.add_format({"num_format": "#,##0.00"})
    total_format = workbook.add_format({"bold": True, "num_format": "#,##0.##", "top": 1})
    for title, headers, body_rows, totals in sheets:
        sheet = workbook.add_worksheet(title[:31])
        for col, header in enumerate(headers):
            sheet.write_string(0, col, str(header), bold)
            sheet.set_column(col, col, max(12, min(48, len(str(header)) + 4)))
        sheet.freeze_panes(1, 0)
        row_index = 0
        for row_index, row in enumerate(body_rows, start=1):
            for col, value in enumerate(row):
                _write(sheet, row_index, col, value, date_format, int_format, dec_format)
        if totals:
            for col, value in enumerate(totals):
                if value not in (None, ""):
                    sheet.write(row_index + 1, col, value, total_format)
    workbook.close()


def _write(sheet, row, col, value, date_format, int_format, dec_format):
    if value is None or value == "":
        return  # an empty cell, not empty text
    if isinstance(value, bool):
        sheet.write_string(row, col, str(value))
    elif isinstance(value, Year):
        sheet.write_number(row, col, value)
    elif isinstance(value, int):
        sheet.write_number(row, col, value, int_format)
    elif isinstance(value, (float, Decimal)):
        sheet.write_number(row, col, float(value), dec_format)
    elif isinstance(value, (date, datetime)):
        sheet.write_datetime(
            row,
            col,
            value if isinstance(value, datetime) else datetime(value.year, value.month, value.day),
            date_format,
        )
    else:
        sheet.write_string(row, col, str(value))


def xlsx_response(filename, sheets):
    """An .xlsx download written to a temporary file first (constant memory), then streamed."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115 - closed by FileResponse
    handle.close()
    write_xlsx(handle.name, sheets)
    stream = open(handle.name, "rb")  # noqa: SIM115
    os.unlink(handle.name)  # the open handle keeps the data until the response is sent
    return FileResponse(
        stream,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def xlsx_bytes(sheets):
    buffer = io.BytesIO()
    write_xlsx(buffer, sheets)
    return buffer.getvalue()


def write_csv(target, headers, body_rows):
    """The CSV of `csv_response` (BOM, dd/mm/yyyy dates) written to the file at path `target`."""
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        handle.write(BOM)
        writer.writerow([str(h) for h in headers])
        for row in body_rows:
            writer.writerow([_csv_text(value) for value in row])


def counted(body_rows, progress, every=1000):
    """Pass the rows through, telling `progress(n)` every `every` rows (and at the end)."""
    pending = 0
    for row in body_rows:
        yield row
        pending += 1
        if pending == every:
            progress(pending)
            pending = 0
    if pending:
        progress(pending)


def inline_rows():
    return getattr(settings, "EXPORT_INLINE_ROWS", 5000)


class ExportMixin:
    """For ScopedListView subclasses: `?export=csv|xlsx` downloads the filtered list (all pages).

    Up to `settings.EXPORT_INLINE_ROWS` rows the file is streamed at once; a longer list becomes a
    background job (khuyencong.imports.jobs) and the user is sent to its page, which offers the file when
    it is ready. The job sets this same view up again as the same user with the same query string and
    calls `write_output`: the rows are the ones the page shows, by one code path.
    """

    export_columns = ()
    export_name = None
    output_formats = ("csv", "xlsx")

    def export_language(self):
        """The user's language (Vietnamese unless chosen otherwise), also in a background job."""
        request = getattr(self, "request", None)
        return getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE

    def get(self, request, *args, **kwargs):
        kind = request.GET.get("export")
        if kind in self.output_formats and self.export_columns:
            queryset = self.get_queryset()
            limit = inline_rows()
            if queryset[: limit + 1].count() > limit:
                return self.export_in_background(request, kind)
            headers = self.export_headers()
            name = self.export_file_name()
            if kind == "csv":
                return csv_response(name, headers, rows(queryset, self.export_columns))
            return xlsx_response(name, [(name[:31], headers, rows(queryset, self.export_columns), None)])
        return super().get(request, *args, **kwargs)

    def export_in_background(self, request, kind):
        from khuyencong.imports.choices import JobKind
        from khuyencong.imports.jobs import start_output_job

        title = capfirst(self.model._meta.verbose_name_plural)
        job = start_output_job(request, JobKind.EXPORT, fmt=kind, title=title, drop=("export", "page"))
        return redirect("imports:job", pk=job.pk)

    def export_headers(self):
        with translation.override(self.export_language()):
            return [str(_parts(column)[0]) for column in self.export_columns]

    def export_file_name(self):
        name = slugify(fold(str(self.export_name or self.model._meta.verbose_name_plural))) or "export"
        return f"{name}-{clock.today():%Y%m%d}"

    def write_output(self, fmt, target, progress):
        """Write the whole filtered list as `fmt` to the path `target` (a background export job);
        `progress(n)` is told of every n rows written. Returns the file name to download it as."""
        if fmt not in self.output_formats or not self.export_columns:
            raise ValueError(f"no {fmt} export here")
        queryset = self.get_queryset()
        progress.start(queryset.count(), phase="exporting")
        headers, name = self.export_headers(), self.export_file_name()
        with translation.override(self.export_language()):
            body = counted(rows(queryset, self.export_columns), progress)
            if fmt == "csv":
                write_csv(target, headers, body)
            else:
                write_xlsx(target, [(name[:31], headers, body, None)])
        return f"{name}.{fmt}"
