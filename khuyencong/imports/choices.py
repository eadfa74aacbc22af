from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    IMPORT = "import", _("Excel import")
    EXPORT = "export", _("List export")
    REPORT = "report", _("Report")


class JobStatus(models.TextChoices):
    """A job's life: previewed (dry run shown, waiting for confirmation) → queued → running → done."""

    PREVIEWED = "previewed", _("Checked, waiting for confirmation")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")


FINISHED = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED})
OUTPUT_KINDS = frozenset({JobKind.EXPORT, JobKind.REPORT})  # jobs that produce a file to download
