"""Periodic report submissions: a province's filed report for a form and period, and its review log.

A submission holds the figures computed from the records (`figures`, JSON) and what only people know
(difficulties, proposals). While it is a draft or returned its figures follow the records; submitting
takes a snapshot; once the central agency accepts it, it is frozen: later edits to the records change the
live figures, never the accepted report (reports.submissions.compare shows the difference).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khuyencong.core import audit
from khuyencong.core.models import TimeStampedModel
from khuyencong.core.scoping import INVESTOR, PROMOTION_CENTRE, PROVINCE_OFFICER, ScopedModel

from .periods import Period, PeriodKind, ReportForm


class SubmissionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")  # shown for a missing submission; never stored
    DRAFT = "draft", pgettext_lazy("report status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("report status", "Submitted")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", pgettext_lazy("report status", "Accepted")


class Submission(ScopedModel, TimeStampedModel):
    form = models.CharField(_("form"), max_length=12, choices=ReportForm)
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind)
    year = models.PositiveSmallIntegerField(_("year"))
    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        related_name="report_submissions",
        verbose_name=_("province"),
        limit_choices_to={"level": "province"},
    )
    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_submissions",
        verbose_name=_("cluster"),
    )
    commune = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commune_report_submissions",
        verbose_name=_("commune"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SubmissionStatus, default=SubmissionStatus.DRAFT
    )
    figures = models.JSONField(_("figures"), default=dict, editable=False)
    figures_at = models.DateTimeField(_("figures computed at"), null=True, editable=False)
    difficulties = models.TextField(_("difficulties and obstacles"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)
    deadline = models.DateField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("reviewed by"),
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True, editable=False)

    history = audit.HistoricalRecords()

    # The Sở sees its province's reports; an investor those about its own clusters (Biểu 01, 02).
    scope_paths = {"province": "province_id", "organisation": "cluster__investor_id"}
    # Who may take which step is decided per form by reports.submissions.can_file / can_review; the central
    # agency reviews through those services and never edits.
    scope_edit_roles = frozenset({PROVINCE_OFFICER, PROMOTION_CENTRE, INVESTOR})

    class Meta:
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")
        ordering = ["-year", "period_kind", "form", "province__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "period_kind", "year", "province"],
                condition=Q(cluster__isnull=True, commune__isnull=True),
                name="reports_submission_one_per_province",
                violation_error_message=_("This report has already been opened for this period."),
            ),
            models.UniqueConstraint(
                fields=["form", "period_kind", "year", "cluster"],
                condition=Q(cluster__isnull=False),
                name="reports_submission_one_per_cluster",
            ),
            models.UniqueConstraint(
                fields=["form", "period_kind", "year", "commune"],
                condition=Q(commune__isnull=False),
                name="reports_submission_one_per_commune",
            ),
        ]
        indexes = [
            # The central agency's overview: every submission of one form and period.
            models.Index(fields=["form", "year", "period_kind"], name="reports_sub_form_period_idx"),
        ]

    def __str__(self):
        about = self.cluster.name if self.cluster_id else self.commune.full_name if self.commune_id else ""
        return " – ".join(
            str(part) for part in (self.get_form_display(), self.period.label, about or self.province)
        )

    @property
    def period(self):
        return Period(self.year, self.period_kind)

    @property
    def is_frozen(self):
        return self.status == SubmissionStatus.ACCEPTED

    @property
    def is_open_for_edit(self):
        return self.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)

    def get_absolute_url(self):
        return reverse("reports:submission-detail", args=[self.pk])


class SubmissionEvent(models.Model):
    """One step of a submission's life (opened, submitted, returned, accepted), with its comment."""

    class Action(models.TextChoices):
        OPEN = "open", _("Opened")
        SUBMIT = "submit", pgettext_lazy("report step", "Submitted")
        RETURN = "return", _("Returned")
        ACCEPT = "accept", pgettext_lazy("report step", "Accepted")

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="events", verbose_name=_("submission")
    )
    action = models.CharField(_("step"), max_length=10, choices=Action)
    from_status = models.CharField(_("from"), max_length=12, choices=SubmissionStatus, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=SubmissionStatus)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("submission step")
        verbose_name_plural = _("submission steps")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} – {self.at:%d/%m/%Y %H:%M}"
