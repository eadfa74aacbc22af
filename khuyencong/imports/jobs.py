"""Background import jobs: preview (dry run) on upload, then the real import in a `django.tasks` task.

`dispatch(job)` is the single place that hands a job to the task backend (the database queue in
production, run by `khuyencong db_worker`; run at once under the immediate backend of the tests).
The task updates `done`/`phase` while it validates (committed row counts the page polls); the writing
pass runs in one transaction, so a failure leaves no partial data and the job says why.
"""

import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from khuyencong.core.importing import DEFAULT_MAX_BYTES, ImportErrorList, check_upload

from .choices import JobKind, JobStatus
from .models import Job
from .services import estimate_rows, import_workbook

log = logging.getLogger(__name__)


def max_bytes():
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def _store(result, job):
    job.result = result.as_json()
    job.messages = result.errors() + result.warnings()


def create_preview(upload, user):
    """Check `upload` (size, real .xlsx), keep it, dry-run it; returns the Job (PREVIEWED or FAILED).

    Raises ImportErrorList (UploadRejected) with the reason for a file refused before reading it.
    """
    check_upload(upload, max_bytes())
    job = Job(kind=JobKind.IMPORT, user=user, filename=upload.name[:255])
    job.file.save(upload.name, upload, save=False)
    with job.file.open("rb") as handle:
        result = import_workbook(
            handle, actor=user, dry_run=True, filename=job.filename, max_bytes=max_bytes()
        )
    _store(result, job)
    job.total = result.rows
    if not result.ok:
        job.status, job.finished_at = JobStatus.FAILED, timezone.now()
    job.save()
    return job


def confirm(job):
    """Queue a previewed job; it is handed to the task backend once this transaction commits."""
    updated = Job.objects.filter(pk=job.pk, status=JobStatus.PREVIEWED).update(
        status=JobStatus.QUEUED, done=0, phase=""
    )
    if updated:
        transaction.on_commit(lambda: dispatch(job))
    return bool(updated)


def dispatch(job):
    from .tasks import run_import_job

    run_import_job.enqueue(job.pk)


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


__all__ = ["ImportErrorList", "confirm", "create_preview", "dispatch", "run"]
