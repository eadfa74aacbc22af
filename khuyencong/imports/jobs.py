"""Background jobs: Excel imports, list exports and report files, run by `django.tasks` tasks.

Imports: preview (dry run) on upload, then the real import in a task. The task updates `done`/`phase`
while it validates (committed row counts the page polls); the writing pass runs in one transaction, so a
failure leaves no partial data and the job says why.

Exports and reports (`start_output_job`): the page that shows the list or the report records what to
produce (its path, its query string, the format, the language) and queues the job. The task runs that
same view as the job's user (`outputs.view_for`: same scoping, same filters, same report code) and asks
it to write the file (`view.write_output(format, path, progress)`) to a temporary file, which becomes
the job's `output` only once complete: a failure leaves no file and the job says why.

`dispatch(job)` is the single place that hands a job to the task backend (the database queue in
production, run by `khuyencong db_worker`; run at once under the immediate backend of the tests).
"""

import logging
import os
import tempfile
import time
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone, translation

from khuyencong.core.importing import DEFAULT_MAX_BYTES, ImportErrorList, check_upload

from .choices import OUTPUT_KINDS, JobKind, JobStatus
from .models import Job
from .services import estimate_rows, import_workbook

log = logging.getLogger(__name__)


def max_bytes():
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def _store(result, job):
    job.result = result.as_json()
    job.messages = result.errors() + result.warnings()


def create_preview(upload, user, *, include_hidden=False, sheet=None):
    """Check `upload` (size, real .xlsx), keep it, dry-run it; returns the Job (PREVIEWED or FAILED).

    Raises ImportErrorList (UploadRejected) with the reason for a file refused before reading it.
    """
    check_upload(upload, max_bytes(), csv=sheet is not None)
    options = {"include_hidden": include_hidden, "sheet": sheet}
    job = Job(kind=JobKind.IMPORT, user=user, filename=upload.name[:255], params=options)
    job.file.save(upload.name, upload, save=False)
    with job.file.open("rb") as handle:
        result = import_workbook(
            handle, actor=user, dry_run=True, filename=job.filename, max_bytes=max_bytes(), **options
        )
    _store(result, job)
    job.total = result.rows
    if not result.ok:
        job.status, job.finished_at = JobStatus.FAILED, timezone.now()
    job.save()
    return job


def has_errors_workbook(job):
    """True for a refused import whose errors point into its kept file: the errors workbook can be built."""
    if job.kind != JobKind.IMPORT or job.status != JobStatus.FAILED or not job.file:
        return False
    return any(issue.get("sheet") and issue.get("row") for issue in (job.result or {}).get("issues", ()))


def confirm(job):
    """Queue a previewed job; it is handed to the task backend once this transaction commits."""
    updated = Job.objects.filter(pk=job.pk, status=JobStatus.PREVIEWED).update(
        status=JobStatus.QUEUED, done=0, phase=""
    )
    if updated:
        transaction.on_commit(lambda: dispatch(job))
    return bool(updated)


def dispatch(job):
    """Hand `job` to the task backend: the task is chosen by the job's kind."""
    from . import tasks

    task = tasks.run_import_job if job.kind == JobKind.IMPORT else tasks.run_output_job
    task.enqueue(job.pk)


class _Progress:
    """Counts processed rows (both passes) and writes them to the job row at most every `interval` s.

    The validation pass runs outside any transaction, so its updates are committed at once. The writing
    pass runs inside the import's transaction: there the count goes through a second database connection
    (autocommit) so the page sees it move; on SQLite, which allows one writer at a time, a second writer
    would wait for the import to finish, so the count simply stays until the end (the page says "writing").
    """

    def __init__(self, job_id, interval=0.3):
        self.job_id, self.interval, self.done, self.last = job_id, interval, 0, 0.0
        self.writing = False
        self.side = None

    def start(self, total, phase=""):
        """An export or report knows its size once it starts: rows (or steps) in total."""
        self.done = 0
        Job.objects.filter(pk=self.job_id).update(total=total, done=0, phase=phase)

    def __call__(self, n):
        self.done += n
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            self._save(done=self.done)

    def phase(self, name):
        self.writing = name == "writing"
        if self.writing and connection.vendor != "sqlite":
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        Job.objects.filter(pk=self.job_id).update(phase=name, done=self.done)

    def _save(self, **fields):
        if not self.writing:
            Job.objects.filter(pk=self.job_id).update(**fields)
        elif self.side is not None:
            table = connection.ops.quote_name(Job._meta.db_table)
            with self.side.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET done = %s WHERE id = %s", [fields["done"], self.job_id])  # noqa: S608

    def close(self):
        if self.side is not None:
            self.side.close()
            self.side = None


def run(job_id):
    """Run a queued import job to the end; never raises (a failure is recorded on the job)."""
    job = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).first()
    if job is None:
        return None
    total = job.total  # the data rows the preview counted
    if not total:
        with job.file.open("rb") as handle:
            total = estimate_rows(handle)
    # Each row is counted twice: once when checked, once when written.
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now(), total=2 * total)
    progress = _Progress(job.pk)
    try:
        with job.file.open("rb") as handle:
            result = import_workbook(
                handle,
                actor=job.user,
                filename=job.filename,
                progress=progress,
                on_phase=progress.phase,
                max_bytes=max_bytes(),
                include_hidden=bool(job.params.get("include_hidden")),
                sheet=job.params.get("sheet") or None,
            )
    except Exception as exc:  # a bug must not leave the job "running" for ever
        progress.close()
        log.exception("import job %s failed", job_id)
        job.refresh_from_db()
        job.status, job.finished_at = JobStatus.FAILED, timezone.now()
        job.messages = [
            f"Lỗi hệ thống, không ghi dữ liệu nào: {exc} / System error, nothing was written: {exc}"
        ]
        job.save()
        return job
    progress.close()
    job.refresh_from_db()
    _store(result, job)
    job.done = max(progress.done, job.done)
    job.total = max(job.total, job.done)
    job.status = JobStatus.SUCCEEDED if result.ok and result.written else JobStatus.FAILED
    job.phase = ""
    job.finished_at = timezone.now()
    job.save()
    return job


# -- exports and reports ---------------------------------------------------------------------------------


class JobRefused(Exception):
    """What was asked cannot be produced; the message (bilingual) is shown on the job page as is."""


def start_output_job(request, kind, *, fmt, title, drop=(), total=0):
    """Record what the page `request` asks for (its path and query string without the `drop` keys) and
    queue it once the transaction commits; returns the job (QUEUED)."""
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    job = Job.objects.create(
        kind=kind,
        user=request.user,
        status=JobStatus.QUEUED,
        total=total,
        params={
            "path": request.path_info,
            "query": query.urlencode(),
            "format": fmt,
            "language": translation.get_language() or settings.LANGUAGE_CODE,
            "title": str(title),
        },
    )
    transaction.on_commit(lambda: dispatch(job))
    return job


def run_output(job_id):
    """Run a queued export or report job to the end; never raises (a failure is recorded on the job)."""
    from .outputs import produce

    queued = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED, kind__in=OUTPUT_KINDS)
    if not queued.update(status=JobStatus.RUNNING, started_at=timezone.now()):
        return None  # unknown, or already taken
    job = Job.objects.get(pk=job_id)
    progress = _Progress(job.pk)
    handle = tempfile.NamedTemporaryFile(suffix=f".{job.format}", delete=False)  # noqa: SIM115
    handle.close()
    stored = None
    try:
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            filename = produce(job, handle.name, progress)
        job.refresh_from_db()
        with open(handle.name, "rb") as produced:
            job.output.save(filename, File(produced), save=False)
        stored = job.output.name
        job.filename = filename[:255]
        job.total = max(job.total, progress.done)
        job.done = job.total
        job.status, job.phase, job.finished_at = JobStatus.SUCCEEDED, "", timezone.now()
        job.messages = []
        job.save()
    except Exception as exc:  # a bug or a refusal must not leave the job "running" for ever
        if stored:
            job.output.storage.delete(stored)
        if isinstance(exc, JobRefused):
            message = str(exc)
        else:
            log.exception("%s job %s failed", job.kind, job_id)
            message = f"Lỗi hệ thống, không tạo được tệp: {exc} / System error, no file was produced: {exc}"
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, phase="", output="", messages=[message], finished_at=timezone.now()
        )
        job.refresh_from_db()
    finally:
        os.unlink(handle.name)
    purge_outputs()
    return job


def output_days():
    return getattr(settings, "JOB_OUTPUT_DAYS", 7)


def purge_outputs(now=None):
    """Delete the files of export and report jobs finished more than JOB_OUTPUT_DAYS ago (the job rows
    stay: the page says the file has expired). Returns how many files were deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=output_days())
    expired = Job.objects.filter(kind__in=OUTPUT_KINDS, finished_at__lt=cutoff).exclude(output="")
    deleted = 0
    for job in expired.only("pk", "output"):
        job.output.storage.delete(job.output.name)
        Job.objects.filter(pk=job.pk).update(output="")
        deleted += 1
    return deleted


__all__ = [
    "ImportErrorList",
    "JobRefused",
    "confirm",
    "create_preview",
    "dispatch",
    "has_errors_workbook",
    "purge_outputs",
    "run",
    "run_output",
    "start_output_job",
]
