"""A background job (an Excel import, a list export, a report file) with its progress and result, updated by
the task that runs it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.core import audit

from .choices import FINISHED, JobKind, JobStatus


class JobQuerySet(models.QuerySet):
    """A job belongs to the user who started it: only they (and superusers) see it or its files."""

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.all() if user.is_superuser else self.filter(user=user)

    def editable_by(self, user):
        return self.visible_to(user)


class Job(models.Model):
    """One background job: who asked, what for, where it stands and what came out.

    IMPORT: `file` is the uploaded workbook. EXPORT/REPORT: `params` says what to produce (the list's or
    the report page's path and query string, the format, the language) and `output` is the file produced,
    saved only once it is complete.

    Invariants: `done` ≤ `total` once `total` is known; a FAILED job wrote nothing (its import ran in one
    transaction that was rolled back; an export or report saved no `output`) and `messages` says why;
    `result` holds the per-sheet counts of a SUCCEEDED import (or of the dry run shown in the preview).
    """

    kind = models.CharField(_("kind"), max_length=20, choices=JobKind, default=JobKind.IMPORT)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=JobStatus, default=JobStatus.PREVIEWED, db_index=True
    )
    phase = models.CharField(_("phase"), max_length=40, blank=True)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows in total"), default=0)
    messages = models.JSONField(_("messages"), default=list, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    output = models.FileField(_("output file"), upload_to="jobs/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    # Who started which job and how it ended (messages, counts, parameters and the output file stay on
    # the job row only).
    history = audit.HistoricalRecords(excluded_fields=["messages", "result", "params", "output"])

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.filename} ({self.get_status_display()})"

    @property
    def produces_file(self):
        return self.kind in (JobKind.EXPORT, JobKind.REPORT)

    @property
    def format(self):
        return self.params.get("format", "")

    @property
    def title(self):
        """What the job is about: the uploaded file's name, or the list or report it produces."""
        return self.params.get("title") or self.filename

    @property
    def finished(self):
        return self.status in FINISHED

    @property
    def percent(self):
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))
