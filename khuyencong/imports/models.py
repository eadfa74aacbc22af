"""A background job (an Excel import) with its progress and result, updated by the task that runs it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.core import audit

from .choices import FINISHED, JobKind, JobStatus


class Job(models.Model):
    """One import: the uploaded file, who asked, where it stands and what came out.

    Invariants: `done` ≤ `total` once `total` is known; a FAILED job wrote nothing (its import ran in one
    transaction that was rolled back) and `messages` says why; `result` holds the per-sheet counts of a
    SUCCEEDED job (or of the dry run shown in the preview).
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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    # Who started which import and how it ended (the messages and counts stay on the job row only).
    history = audit.HistoricalRecords(excluded_fields=["messages", "result"])

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.filename} ({self.get_status_display()})"

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
