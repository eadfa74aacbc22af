"""Inspections: plans, visits (central agency → province; province → cluster, đề án or establishment),
findings, and recommendations (kiến nghị) followed to closure with a dated follow-up log and evidence.
Local proposals to the central agency ("đề xuất, kiến nghị") are recommendations of their own kind."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import validate_upload_size
from khuyencong.core import audit, clock
from khuyencong.core.models import TimeStampedModel
from khuyencong.core.scoping import ScopedModel, ScopedQuerySet
from khuyencong.core.text import fold, nfc

from .choices import (
    SUBJECT_FIELD,
    ChecklistResult,
    PlanLevel,
    RecommendationKind,
    RecommendationStatus,
    Severity,
    VisitLevel,
    VisitStatus,
)

DOCUMENT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "odt", "ods"]


def document_field(label, upload_to):
    return models.FileField(
        label,
        upload_to=upload_to,
        blank=True,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_upload_size],
    )


class InspectionPlan(ScopedModel, TimeStampedModel):
    """A yearly inspection plan of the central agency or of a province (with its approving decision)."""

    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=12, choices=PlanLevel)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inspecting body"),
    )
    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "province"},
        verbose_name=_("province"),
        help_text=_("Empty for a central plan covering several provinces"),
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = audit.HistoricalRecords()

    scope_paths = {"province": "province_id", "organisation": "organisation_id"}

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "title"]

    def __str__(self):
        return f"{self.title} ({self.year})"


class InspectionQuerySet(ScopedQuerySet):
    def search(self, text):
        key = fold(text)
        return self.filter(search_text__contains=key) if key else self


class Inspection(ScopedModel, TimeStampedModel):
    """One inspection visit. The subject is an explicit foreign key matching `level` (a cluster, a đề án
    or an establishment; none for a central visit to a province as a whole)."""

    plan = models.ForeignKey(
        InspectionPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("plan"),
    )
    title = models.CharField(_("title"), max_length=300)
    level = models.CharField(_("kind of visit"), max_length=20, choices=VisitLevel)
    inspecting_body = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inspecting body"),
    )
    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province"},
        verbose_name=_("province inspected"),
    )
    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("industrial cluster"),
    )
    project = models.ForeignKey(
        "programs.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("đề án"),
    )
    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("establishment"),
    )
    team_lead = models.CharField(_("team lead"), max_length=150, blank=True)
    team = models.TextField(
        _("team members"), blank=True, help_text=_("One person per line, with their position")
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=400,
        blank=True,
        help_text=_("e.g. Quyết định số 15/QĐ-SCT ngày 10/02/2025"),
    )
    checklist = models.JSONField(
        _("checklist"),
        default=list,
        blank=True,
        help_text=_('Items as [{"item": "...", "result": "ok|not_ok|na", "note": "..."}]'),
    )
    findings_summary = models.TextField(_("summary of findings"), blank=True)
    minutes = document_field(_("minutes (biên bản)"), "inspections/minutes/%Y/")
    status = models.CharField(_("status"), max_length=12, choices=VisitStatus, default=VisitStatus.PLANNED)
    search_text = models.CharField(max_length=600, editable=False, db_index=True, default="")

    history = audit.HistoricalRecords()

    objects = InspectionQuerySet.as_manager()
    scope_paths = {"province": "province_id", "organisation": "inspecting_body_id"}

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="inspections_inspection_dates",
                violation_error_message=_("The end must not be before the start."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        level=VisitLevel.CENTRAL_PROVINCE,
                        cluster__isnull=True,
                        project__isnull=True,
                        facility__isnull=True,
                    )
                    | Q(
                        level=VisitLevel.PROVINCE_CLUSTER,
                        cluster__isnull=False,
                        project__isnull=True,
                        facility__isnull=True,
                    )
                    | Q(
                        level=VisitLevel.PROVINCE_PROJECT,
                        cluster__isnull=True,
                        project__isnull=False,
                        facility__isnull=True,
                    )
                    | Q(
                        level=VisitLevel.PROVINCE_FACILITY,
                        cluster__isnull=True,
                        project__isnull=True,
                        facility__isnull=False,
                    )
                ),
                name="inspections_inspection_subject_matches_level",
                violation_error_message=_("Name exactly the subject this kind of visit needs."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.start_date:%d/%m/%Y})"

    @property
    def subject(self):
        field = SUBJECT_FIELD.get(self.level)
        return getattr(self, field) if field else self.province

    def clean(self):
        super().clean()
        field = SUBJECT_FIELD.get(self.level)
        errors = {}
        for name in ("cluster", "project", "facility"):
            if name == field and getattr(self, f"{name}_id") is None:
                errors[name] = _("This kind of visit needs its subject.")
            elif name != field and getattr(self, f"{name}_id") is not None:
                errors[name] = _("Leave empty for this kind of visit.")
        subject = getattr(self, field) if field and getattr(self, f"{field}_id") else None
        if (
            subject is not None
            and self.province_id
            and not _same_province(subject.province_id, self.province_id)
        ):
            errors[field] = _("The subject is not in the province inspected.")
        if not isinstance(self.checklist, list):
            errors["checklist"] = _("The checklist must be a list.")
        else:
            for position, entry in enumerate(self.checklist, start=1):
                if not isinstance(entry, dict) or not entry.get("item"):
                    errors["checklist"] = _("Checklist item %(n)s needs a text.") % {"n": position}
                elif entry.get("result", "") not in ("", *ChecklistResult.values):
                    errors["checklist"] = _("Checklist item %(n)s has an unknown result.") % {"n": position}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.search_text = " | ".join(part for part in (fold(self.title), fold(self.team_lead)) if part)[:600]
        super().save(*args, **kwargs)


def _same_province(subject_province_id, province_id):
    """A subject in the former province (e.g. Đắk Nông) counts as in today's province (Lâm Đồng)."""
    from khuyencong.geography.models import AdminUnit

    if subject_province_id == province_id:
        return True
    return (
        subject_province_id in AdminUnit(pk=province_id).all_predecessor_ids()
        or province_id in AdminUnit(pk=subject_province_id).all_predecessor_ids()
    )


CHILD_SCOPE = {"province": "inspection__province_id", "organisation": "inspection__inspecting_body_id"}


class Finding(ScopedModel, TimeStampedModel):
    """A finding of a visit; it may carry recommendations."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="findings", verbose_name=_("inspection")
    )
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    text = models.TextField(_("finding"))
    severity = models.CharField(_("severity"), max_length=8, choices=Severity, default=Severity.NOTE)

    history = audit.HistoricalRecords()

    scope_paths = CHILD_SCOPE

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "number", "id"]

    def __str__(self):
        return f"{self.number}. {self.text[:80]}"


OPEN_RECOMMENDATION_STATES = (
    RecommendationStatus.OPEN,
    RecommendationStatus.IN_PROGRESS,
    RecommendationStatus.ANSWERED,
)


class RecommendationQuerySet(ScopedQuerySet):
    def overdue(self, today=None):
        return self.filter(status__in=OPEN_RECOMMENDATION_STATES, deadline__lt=today or clock.today())

    def not_overdue(self, today=None):
        return self.exclude(pk__in=self.overdue(today).values("pk"))


class Recommendation(ScopedModel, TimeStampedModel):
    """A recommendation (kiến nghị) to an addressee, with a deadline, followed until closed with evidence.

    `province` is the province it concerns (the visit's, or the proposing province for a local proposal).
    Overdue is computed: deadline passed and not closed."""

    kind = models.CharField(
        _("kind"), max_length=12, choices=RecommendationKind, default=RecommendationKind.INSPECTION
    )
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("inspection"),
    )
    finding = models.ForeignKey(
        Finding,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("finding"),
    )
    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province"},
        verbose_name=_("province"),
    )
    text = models.TextField(_("recommendation"))
    addressee = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("addressee (owner)"),
    )
    addressee_name = models.CharField(
        _("addressee (name)"),
        max_length=200,
        blank=True,
        help_text=_("When the addressee is not in the register"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RecommendationStatus,
        default=RecommendationStatus.OPEN,
        editable=False,
        db_index=True,
    )
    answer = models.TextField(_("answer of the central agency"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)

    history = audit.HistoricalRecords()

    objects = RecommendationQuerySet.as_manager()
    scope_paths = {"province": "province_id", "organisation": "addressee_id"}

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["status", "deadline"], name="inspections_rec_overdue_idx")]

    def __str__(self):
        return self.text[:100]

    @property
    def addressee_label(self):
        return str(self.addressee) if self.addressee_id else self.addressee_name

    @property
    def is_overdue(self):
        return bool(
            self.deadline and self.status in OPEN_RECOMMENDATION_STATES and self.deadline < clock.today()
        )

    def has_evidence(self):
        return self.follow_ups.exclude(evidence="").exists()

    def clean(self):
        super().clean()
        if self.finding_id and self.inspection_id and self.finding.inspection_id != self.inspection_id:
            raise ValidationError({"finding": _("The finding belongs to another inspection.")})
        if self.kind == RecommendationKind.INSPECTION and not self.inspection_id:
            raise ValidationError({"inspection": _("An inspection recommendation needs its inspection.")})
        if not self.addressee_id and not self.addressee_name:
            raise ValidationError({"addressee": _("Name the addressee.")})


class FollowUp(ScopedModel, TimeStampedModel):
    """One entry of a recommendation's follow-up log: what was done or answered, with evidence."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("recommendation")
    )
    date = models.DateField(_("date"), default=clock.today)
    text = models.TextField(_("what was done or answered"))
    evidence = document_field(_("evidence"), "inspections/evidence/%Y/")
    status_after = models.CharField(
        _("status after"), max_length=12, choices=RecommendationStatus, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
        editable=False,
    )

    history = audit.HistoricalRecords()

    scope_paths = {"province": "recommendation__province_id", "organisation": "recommendation__addressee_id"}

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y}: {self.text[:80]}"
