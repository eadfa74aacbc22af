"""`import_workbook`: the one way an Excel workbook gets into the database (command, upload page, jobs).

Two passes, the file itself is read once (streaming: openpyxl read-only or the expat reader, one row in
memory at a time):
1. *validation*: every sheet and row is read, parsed and checked against the domain and the actor's scope;
   nothing is written (the sheet specs write only when `ctx.write`; without a progress callback the
   pass also runs inside a transaction that is always rolled back). Records the file itself creates are
   remembered so later rows may refer to them. The result already says what would be created/updated.
   The parsed rows are kept, compactly (pickled batches in a temporary file spooled to disk past a few
   MB), for the second pass.
2. *writing*, only if pass 1 found no error and this is not a dry run: the kept rows go through the same
   sheet code with `ctx.write` (so every check runs again against the database, now inside the
   transaction), in ONE transaction under `audit.acting_as(actor, reason="Nhập Excel <file>")`, so every
   history row carries the actor. Any error or exception there rolls the whole transaction back: nothing
   is written. The file is neither read nor parsed again.
"""

import os
import pickle
import tempfile
from dataclasses import dataclass, field

import openpyxl
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from khuyencong.core import audit
from khuyencong.core.importing import (
    DEFAULT_MAX_BYTES,
    ImportErrorList,
    ImportReport,
    Row,
    SheetReader,
    check_upload,
)
from khuyencong.core.scoping import OutOfScope

from .sheets import all_sheets
from .sheets.base import CREATED, NEW_UNITS, UNCHANGED, UPDATED, ImportContext


@dataclass
class ImportResult:
    """What an import did (or, for a dry run or a refused file, would do): counts per sheet and messages."""

    filename: str
    dry_run: bool
    report: ImportReport
    counts: dict = field(default_factory=dict)  # sheet title -> {"created", "updated", "unchanged"}
    rows: int = 0
    written: bool = False
    # Sheet title in the file -> its header rows (source row numbers): where the errors workbook puts "Lỗi".
    headers: dict = field(default_factory=dict)

    @property
    def ok(self):
        return self.report.ok

    def errors(self):
        return self.report.lines("error")

    def warnings(self):
        return self.report.lines("warning")

    def summary_lines(self):
        """One bilingual line per sheet: 'Sheet 'X': 3 tạo mới, 1 cập nhật, 0 không đổi / …'."""
        lines = []
        for sheet, c in self.counts.items():
            created, updated, same = c.get(CREATED, 0), c.get(UPDATED, 0), c.get(UNCHANGED, 0)
            if sheet == NEW_UNITS:
                lines.append(
                    f"{NEW_UNITS} (đơn vị thực hiện, chủ đầu tư): {created} / new organisations: {created}"
                )
                continue
            lines.append(
                f"Sheet '{sheet}': {created} tạo mới, {updated} cập nhật, {same} không đổi / "
                f"{created} created, {updated} updated, {same} unchanged"
            )
        return lines

    def as_json(self):
        return {
            "filename": self.filename,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "written": self.written,
            "rows": self.rows,
            "counts": self.counts,
            "errors": self.errors(),
            "warnings": self.warnings(),
            "error_count": self.report.error_count,
            # The errors with their cell (sheet, row, col), for the errors workbook (annotate.py).
            "issues": [issue.as_json() for issue in self.report.errors],
            "headers": self.headers,
        }


# Rows handled together: memory stays bounded, stored records are fetched with one query per batch.
BATCH = 1000


def _name_of(file, filename):
    if filename:
        return os.path.basename(filename)
    if isinstance(file, (str, os.PathLike)):
        return os.path.basename(os.fspath(file))
    return os.path.basename(getattr(file, "name", "") or "") or "upload.xlsx"


def _rewind(file):
    if not isinstance(file, (str, os.PathLike)):
        file.seek(0)


# Parsed rows of pass 1 stay in memory up to this size, then go to a temporary file.
SPILL_MEMORY = 8 * 2**20


class _Spill:
    """Pass 1's parsed rows, batch by batch, for pass 2: (sheet spec index, sheet title, value keys,
    [(Excel row number, values...)], {key: source column index}) pickled into a temporary file. Memory
    stays bounded."""

    def __init__(self):
        self.file = tempfile.SpooledTemporaryFile(max_size=SPILL_MEMORY)  # noqa: SIM115 - closed by close()
        self.off = False  # set once pass 1 found an error: nothing will be written, nothing is kept

    def start(self, index, title):
        """A sheet begins (kept even when it has no rows: the result lists every sheet of the file)."""
        if not self.off:
            pickle.dump((index, title, (), [], {}), self.file, pickle.HIGHEST_PROTOCOL)

    def add(self, index, batch):
        if self.off or not batch:
            return
        keys = tuple(batch[0].values)
        rows = [(row.number, *row.values.values()) for row in batch]
        columns = batch[0]._columns or {}
        pickle.dump((index, batch[0].sheet, keys, rows, columns), self.file, pickle.HIGHEST_PROTOCOL)

    def batches(self):
        self.file.seek(0)
        while True:
            try:
                yield pickle.load(self.file)
            except EOFError:
                return

    def close(self):
        self.file.close()


def _run(file, ctx, spill=None, options=None, headers=None):
    """Pass 1 over every sheet of the template found in `file`; returns the number of data rows.

    With `spill`, the batches of parsed rows are kept there for `_replay` (pass 2). `options`: the
    reader's (`include_hidden`, and `sheet`: the key of the sheet kind a CSV file holds). `headers` (a
    dict) receives each sheet's header rows."""
    specs = all_sheets()
    rows = 0
    options = options or {}
    csv_sheet = next((spec.title for spec in specs if spec.key == options.get("sheet")), None)
    _rewind(file)
    reading = {"include_hidden": bool(options.get("include_hidden")), "csv_sheet": csv_sheet}
    with SheetReader(file, report=ctx.report, **reading) as reader:
        reader.check_sheets([spec.names for spec in specs])
        present = [spec for spec in specs if reader.find_sheet(spec.names)]
        if not present:
            names = ", ".join(f"'{spec.title}'" for spec in specs)
            ctx.report.error(
                f"tệp không có sheet nào của mẫu nhập (cần ít nhất một trong: {names})",
                f"the file has none of the template's sheets (expected at least one of: {names})",
            )
        for spec in present:
            index = specs.index(spec)
            ctx.counts.setdefault(spec.title, {CREATED: 0, UPDATED: 0, UNCHANGED: 0})
            if spill is not None:
                spill.start(index, reader.find_sheet(spec.names))
            batch = []
            for row in reader.rows(spec.names, spec.reader_columns(), optional=True):
                rows += 1
                batch.append(row)
                if len(batch) == BATCH:
                    _handle(spec, batch, ctx, spill, index)
            _handle(spec, batch, ctx, spill, index)
        if headers is not None:
            headers.update({title: list(info.header_rows) for title, info in reader.info.items()})
    return rows


def _replay(spill, ctx):
    """Pass 2: the rows kept by pass 1, through the same sheet code (`ctx.write`), without the file."""
    specs = all_sheets()
    labels = {}
    for index, title, keys, rows, columns in spill.batches():
        spec = specs[index]
        if index not in labels:
            labels[index] = {c.key: c.label for c in spec.columns()}
            ctx.counts.setdefault(spec.title, {CREATED: 0, UPDATED: 0, UNCHANGED: 0})
        if not rows:
            continue
        batch = [
            Row(
                title,
                values[0],
                dict(zip(keys, values[1:], strict=True)),
                {},
                [],
                ctx.report,
                labels[index],
                columns,
            )
            for values in rows
        ]
        _handle(spec, batch, ctx)


def _handle(spec, batch, ctx, spill=None, index=None):
    """Handle a batch of rows: one query fetches the stored records of the whole batch (`prefetch`)."""
    if not batch:
        return
    spec.prefetch(batch, ctx)
    for row in batch:
        outcome = spec.handle(row, ctx)
        if outcome and row.ok:
            ctx.count(spec.title, outcome)
        ctx.tick()
    if ctx.write:
        spec.flush(ctx)
    if spill is not None:
        if not ctx.report.ok:
            spill.off = True
        spill.add(index, batch)
    batch.clear()


def import_workbook(
    file,
    *,
    actor,
    dry_run=False,
    filename=None,
    progress=None,
    on_phase=None,
    max_bytes=DEFAULT_MAX_BYTES,
    include_hidden=False,
    sheet=None,
):
    """Validate the whole workbook, then (unless `dry_run` or any error) write it in one transaction.

    `file` is a path or a binary file object; `actor` the user the import acts for (None: a system
    import by the operator, not restricted by scope). `progress(n)` is called after each row of each
    pass and `on_phase("validating" | "writing")` when a pass starts (the background job uses them; the
    writing pass runs inside the transaction). Returns an
    ImportResult; never raises for a bad file: every problem is in `result.report`. `include_hidden`:
    import hidden rows and columns too; `sheet`: the key of the sheet kind ("projects"...) of a CSV file.
    """
    name = _name_of(file, filename)
    report = ImportReport()
    result = ImportResult(filename=name, dry_run=dry_run, report=report)
    try:
        check_upload(file, max_bytes, csv=sheet is not None)
    except ImportErrorList as exc:
        result.report = exc.report
        return result
    options = {"include_hidden": include_hidden, "sheet": sheet}
    if on_phase:
        on_phase("validating")
    check = ImportContext(actor=actor, report=report, write=False, filename=name, progress=progress)
    spill = None if dry_run else _Spill()
    try:
        return _import(file, result, check, spill, on_phase, options)
    finally:
        if spill is not None:
            spill.close()


def _import(file, result, check, spill, on_phase, options=None):
    report, name, actor = result.report, result.filename, check.actor
    try:
        if check.progress is None:
            with transaction.atomic():
                result.rows = _run(file, check, spill, options, result.headers)
                transaction.set_rollback(True)  # the validation pass writes nothing; make sure of it
        else:
            result.rows = _run(file, check, spill, options, result.headers)
    except ImportErrorList:
        return result  # the reader already put the reason in the report
    result.counts = check.counts
    if not report.ok or spill is None:
        return result
    if on_phase:
        on_phase("writing")
    write = ImportContext(
        actor=actor, report=ImportReport(), write=True, filename=name, progress=check.progress
    )
    try:
        with transaction.atomic(), audit.acting_as(actor, reason=f"Nhập Excel {name}"):
            _replay(spill, write)
            if not write.report.ok:
                raise ImportErrorList(write.report)
    except ImportErrorList as exc:
        for issue in exc.report.errors:
            where = {"sheet": issue.sheet, "row": issue.row, "column": issue.column, "col": issue.col}
            report.add(issue.level, issue.vi, issue.en, **where)
        return result
    except OutOfScope:
        report.error(
            "một bản ghi nằm ngoài phạm vi được sửa của tài khoản; không ghi gì",
            "a record is outside what your account may edit; nothing was written",
        )
        return result
    except DatabaseError as exc:
        report.error(f"lỗi cơ sở dữ liệu, không ghi gì: {exc}", f"database error, nothing was written: {exc}")
        return result
    result.counts = write.counts
    result.written = True
    return result


def estimate_rows(file):
    """Rows in the template's sheets as the file's dimensions say (0 when unknown): a progress total."""
    _rewind(file)
    total = 0
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception:  # a broken file is refused, with its reason, by import_workbook
        return 0
    try:
        names = [spec.names for spec in all_sheets()]
        from khuyencong.core.importing import header_key

        wanted = {header_key(n) for group in names for n in group}
        for title in workbook.sheetnames:
            if header_key(title) in wanted:
                total += workbook[title].max_row or 0
    finally:
        workbook.close()
        _rewind(file)
    return total


def refusal_message():
    return _("The file was refused; nothing was imported.")
