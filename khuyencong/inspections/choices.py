from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanLevel(models.TextChoices):
    CENTRAL = "central", _("Central agency plan")
    PROVINCIAL = "provincial", _("Provincial plan")


class VisitLevel(models.TextChoices):
    """Who inspects whom; the subject is an explicit foreign key for each kind."""

    CENTRAL_PROVINCE = "central_province", _("Central agency → province")
    PROVINCE_CLUSTER = "province_cluster", _("Province → industrial cluster")
    PROVINCE_PROJECT = "province_project", _("Province → đề án")
    PROVINCE_FACILITY = "province_facility", _("Province → establishment")


# The subject field each kind of visit needs (none for a visit to a province as a whole).
SUBJECT_FIELD = {
    VisitLevel.CENTRAL_PROVINCE: None,
    VisitLevel.PROVINCE_CLUSTER: "cluster",
    VisitLevel.PROVINCE_PROJECT: "project",
    VisitLevel.PROVINCE_FACILITY: "facility",
}


class VisitStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("inspection status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("inspection status", "In progress")
    COMPLETED = "completed", pgettext_lazy("inspection status", "Completed")


class Severity(models.TextChoices):
    NOTE = "note", _("Observation")
    MINOR = "minor", _("Shortcoming")
    MAJOR = "major", _("Violation")


class RecommendationKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection recommendation")
    PROPOSAL = "proposal", _("Local proposal to the central agency")


class RecommendationStatus(models.TextChoices):
    """Stored states; "overdue" is computed (deadline passed and not closed)."""

    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("recommendation status", "In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Done (closed)")


# Allowed status changes of a recommendation (closing also needs evidence; see services).
TRANSITIONS = {
    RecommendationStatus.OPEN: {
        RecommendationStatus.IN_PROGRESS,
        RecommendationStatus.ANSWERED,
        RecommendationStatus.CLOSED,
    },
    RecommendationStatus.IN_PROGRESS: {RecommendationStatus.ANSWERED, RecommendationStatus.CLOSED},
    RecommendationStatus.ANSWERED: {RecommendationStatus.IN_PROGRESS, RecommendationStatus.CLOSED},
    RecommendationStatus.CLOSED: {RecommendationStatus.IN_PROGRESS},
}


class ChecklistResult(models.TextChoices):
    OK = "ok", _("Meets the requirement")
    NOT_OK = "not_ok", _("Does not meet it")
    NOT_APPLICABLE = "na", _("Not applicable")
