from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    """Why a collaborator is sent to a facility or commune."""

    NEED_SURVEY = "need_survey", _("Need survey")
    PROJECT_DESIGN = "project_design", _("Đề án design")
    ACCEPTANCE_CHECK = "acceptance_check", _("Acceptance check")
    EVALUATION = "evaluation", _("Post-support evaluation")


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    SUBMITTED = "submitted", _("Survey received")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ASSIGNMENT_STATES = frozenset({AssignmentStatus.ASSIGNED})


class ResponseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    REVIEWED = "reviewed", _("Reviewed")
    MERGED = "merged", _("Merged into the registry")
    CONFLICT = "conflict", _("Conflict to resolve")


class FieldType(models.TextChoices):
    """Field types a survey form definition may use (see `surveys.definitions`)."""

    TEXT = "text", _("Short text")
    TEXTAREA = "textarea", _("Long text")
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Number")
    DATE = "date", _("Date")
    BOOLEAN = "boolean", _("Yes / no")
    CHOICE = "choice", _("One choice")
    MULTICHOICE = "multichoice", _("Several choices")
    PHOTO = "photo", _("Photo")
