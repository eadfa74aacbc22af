"""Periodic report submissions: a filed report for a form and period, and its review log.

Who files it is the chain of TT 14/2024 (reports/periods.py `ChainRule`): Biểu 01 by an enterprise about its
project in a cluster (`tenant_project`), Biểu 02 by the infrastructure investor about its cluster
(`cluster`), Biểu 03 by the local People's Committee about its area (`commune`: a commune, or a district for
periods before 1/7/2025), Biểu 04 and the khuyến công results by the Sở about its province. For Biểu 01 and
02 `commune` is the local unit that receives and reviews them.

A submission holds the figures computed from the records and from the accepted reports of the level below
(`figures`, JSON), the figures its filer states (`entries`: what the records cannot know, such as a
project's revenue) and what only people know (difficulties, proposals). While it is a draft or returned
its figures follow the records; submitting takes a snapshot; once the level above accepts it, it is
frozen: later edits to the records change the live figures, never the accepted report
(reports.submissions.compare shows the difference).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khuyencong.core import audit
from khuyencong.core.models import TimeStampedModel
from khuyencong.core.scoping import (
    CENTRAL,
    COMMUNE_OFFICER,
    INVESTOR,
    PROMOTION_CENTRE,
    PROVINCE_OFFICER,
    TENANT,
    ScopedModel,
)

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
        help_text=_(
            "Form 03: the commune (a district before 1/7/2025) it is about; Forms 01 and 02: the commune "
            "whose People's Committee receives and reviews it"
        ),
    )
    tenant_project = models.ForeignKey(
        "clusters.TenantProject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_submissions",
        verbose_name=_("investment project"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SubmissionStatus, default=SubmissionStatus.DRAFT
    )
    figures = models.JSONField(_("figures"), default=dict, editable=False)
    figures_at = models.DateTimeField(_("figures computed at"), null=True, editable=False)
    entries = models.JSONField(_("figures stated by the filer"), default=dict, blank=True, editable=False)
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

    # The Sở sees its province's reports; an infrastructure investor its clusters' Biểu 02; an enterprise
    # its projects' Biểu 01; a commune officer the reports its commune files or receives.
    scope_paths = {
        "province": "province_id",
        "organisation": "cluster__investor_id",
        "tenant": "tenant_project__investor_id",
        "local": "commune_id",
    }
    scope_view_roles = frozenset(
        {CENTRAL, PROVINCE_OFFICER, PROMOTION_CENTRE, INVESTOR, TENANT, COMMUNE_OFFICER}
    )
    # Who may take which step is decided per form by reports.submissions.can_file / can_review; the central
    # agency reviews through those services and never edits.
    scope_edit_roles = frozenset({PROVINCE_OFFICER, PROMOTION_CENTRE, INVESTOR, TENANT, COMMUNE_OFFICER})

    class Meta:
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")
        ordering = ["-year", "period_kind", "form", "province__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "period_kind", "year", "province"],
                condition=Q(cluster__isnull=True, commune__isnull=True, tenant_project__isnull=True),
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
                condition=Q(commune__isnull=False, cluster__isnull=True, tenant_project__isnull=True),
                name="reports_submission_one_per_commune",
            ),
            models.UniqueConstraint(
                fields=["form", "period_kind", "year", "tenant_project"],
                condition=Q(tenant_project__isnull=False),
                name="reports_submission_one_per_project",
            ),
        ]
        indexes = [
            # The central agency's overview: every submission of one form and period.
            models.Index(fields=["form", "year", "period_kind"], name="reports_sub_form_period_idx"),
        ]

    def __str__(self):
        if self.tenant_project_id:
            about = self.tenant_project.name
        elif self.cluster_id:
            about = self.cluster.name
        else:
            about = self.commune.full_name if self.commune_id else ""
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
