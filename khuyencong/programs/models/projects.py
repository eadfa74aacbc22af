"""The đề án and its workflow records: versions (adjustments), stop requests, status log, payments."""

from datetime import date

from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from khuyencong.core import audit, clock
from khuyencong.core.models import TimeStampedModel
from khuyencong.core.scoping import ScopedModel, ScopedQuerySet
from khuyencong.core.text import fold, nfc

from ..choices import (
    APPROVED_STATES,
    OPEN_STATES,
    Level,
    PaymentKind,
    RequestStatus,
    Status,
    SubType,
    SupportContent,
)
from .plans import Document, Plan
from .reference import ContentCategory


class ProjectQuerySet(ScopedQuerySet):
    def approved(self):
        return self.filter(status__in=APPROVED_STATES)

    def carried_out(self):
        return self.approved().exclude(status=Status.STOPPED)

    def overdue(self, today=None):
        return self.filter(status__in=OPEN_STATES, end_date__lt=today or clock.today())

    def search(self, text):
        key = fold(text)
        return self.filter(search_text__contains=key) if key else self


class Project(ScopedModel, TimeStampedModel):
    """A đề án khuyến công: one unit of work in an annual plan.

    `status` changes only through `programs.services` (the transition table is `programs.workflow`).
    The versioned fields (`VERSIONED_FIELDS`) change after approval only through an approved adjustment,
    which keeps every version in `ProjectVersion`. Money is in VND.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=400)
    level = models.CharField(_("level"), max_length=10, choices=Level)
    plan_year = models.PositiveSmallIntegerField(_("plan year"))
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="projects", verbose_name=_("plan")
    )
    category = models.ForeignKey(
        ContentCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("content category"),
    )
    subtype = models.CharField(_("sub-type"), max_length=10, choices=SubType, blank=True, default="")
    support_content = models.CharField(
        _("support content"),
        max_length=30,
        choices=SupportContent,
        blank=True,
        default="",
        help_text=_("What the support pays for; the support caps differ by it"),
    )
    executing_unit = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("executing unit"),
    )
    beneficiaries = models.ManyToManyField(
        "facilities.Facility", blank=True, related_name="projects", verbose_name=_("beneficiaries")
    )
    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province"},
        verbose_name=_("province"),
        help_text=_("The province as it was in the plan year"),
    )
    commune = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "commune"},
        verbose_name=_("commune"),
    )
    objectives = models.TextField(_("objectives"), blank=True)
    trainees = models.PositiveIntegerField(_("trainees"), default=0)
    machines = models.PositiveIntegerField(_("machines"), default=0)
    models_built = models.PositiveIntegerField(_("demonstration models"), default=0)
    products = models.PositiveIntegerField(_("products"), default=0)
    booths = models.PositiveIntegerField(_("fair booths"), default=0)
    state_support_vnd = models.PositiveBigIntegerField(_("state support (VND)"), default=0)
    counterpart_vnd = models.PositiveBigIntegerField(_("counterpart funding (VND)"), default=0)
    total_cost_vnd = models.PositiveBigIntegerField(_("total cost (VND)"), default=0)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=Status, default=Status.DRAFT, editable=False, db_index=True
    )
    status_before_request = models.CharField(max_length=24, choices=Status, blank=True, editable=False)
    version_number = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    note = models.TextField(_("note"), blank=True)
    # Matched anywhere (`search`: LIKE '%…%'), which no B-tree index serves: not indexed, as two indexes
    # of up to 800 characters (the plain and the pattern one on PostgreSQL) cost every save and import.
    search_text = models.CharField(max_length=800, editable=False, default="")

    history = audit.HistoricalRecords(m2m_fields=[beneficiaries])

    objects = ProjectQuerySet.as_manager()
    scope_paths = {"province": "province_id", "organisation": "executing_unit_id", "commune": "commune_id"}

    @classmethod
    def domain_errors(cls, actor, record, instance=None):
        """A đề án's own rules, for the form, the API and the import alike (DOMAIN §3)."""
        plan = record["plan"]
        if plan is not None and not isinstance(plan, models.Model):
            plan = cls._meta.get_field("plan").related_model.objects.filter(pk=plan).first()
        if plan is not None and (plan.level != record["level"] or plan.year != record["plan_year"]):
            return {"plan": [_("The plan must be of the đề án's level and year.")]}
        errors = {}
        from khuyencong.facilities.eligibility import beneficiary_errors

        status = record["status"]
        approved = status in APPROVED_STATES
        beneficiaries = record["beneficiaries"]
        if beneficiaries and record["plan_year"]:
            # Eligibility on the day it is approved: today for one being prepared, else its reference day.
            day = cls.reference_day(record) if approved else clock.today()
            errors.update(beneficiary_errors(beneficiaries, day))
        if approved and record["state_support_vnd"] is not None and record["plan_year"]:
            # A record written in an approved state (API, import) passes the caps as an approval does.
            from ..caps import cap_errors, record_view

            recorded = (
                instance is not None
                and instance.pk
                and instance.cap_exceptions.filter(version_number=instance.version_number).exists()
            )
            errors.update(cap_errors(actor, record_view(record, instance), has_exception=bool(recorded)))
        return errors

    @staticmethod
    def reference_day(record):
        return record["start_date"] or date(record["plan_year"], 1, 1)

    class Meta:
        verbose_name = _("đề án")
        verbose_name_plural = _("đề án")
        ordering = ["-plan_year", "code"]
        indexes = [
            # report: level × year × province
            models.Index(fields=["level", "plan_year", "province"], name="programs_project_report_idx"),
            # the đề án list page and API list: ORDER BY plan_year DESC, code LIMIT 50 (Meta.ordering)
            models.Index(fields=["-plan_year", "code"], name="programs_project_list_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="programs_project_dates",
                violation_error_message=_("The end must not be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(total_cost_vnd=0) | Q(total_cost_vnd__gte=models.F("state_support_vnd")),
                name="programs_project_support_within_total",
                violation_error_message=_("State support must not exceed the total cost."),
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.code = nfc(self.code)
        self.search_text = f"{fold(self.code)} | {fold(self.title)}"[:800]
        super().save(*args, **kwargs)

    @property
    def is_overdue(self):
        return bool(self.end_date and self.status in OPEN_STATES and self.end_date < clock.today())

    @property
    def cap_reference_date(self):
        """Caps are read as they stood when the đề án started (or on 1 January of its plan year)."""
        return self.start_date or date(self.plan_year, 1, 1)

    def money(self, payments=None):
        """Assigned (state support), advanced, disbursed and settled amounts in VND.

        `payments`: this đề án's payments already loaded (the detail page lists them), summed here
        instead of in one more query.
        """
        sums = {kind: 0 for kind in PaymentKind.values}
        if payments is not None:
            for payment in payments:
                sums[payment.kind] = sums.get(payment.kind, 0) + (payment.amount_vnd or 0)
            return {"support": self.state_support_vnd, **sums}
        for row in self.payments.values("kind").annotate(total=Sum("amount_vnd")):
            sums[row["kind"]] = row["total"] or 0
        return {"support": self.state_support_vnd, **sums}


# Fields kept in every version of a đề án; an adjustment proposes new values for some of them.
VERSIONED_FIELDS = [
    "title",
    "category_id",
    "support_content",
    "objectives",
    "trainees",
    "machines",
    "models_built",
    "products",
    "booths",
    "state_support_vnd",
    "counterpart_vnd",
    "total_cost_vnd",
    "start_date",
    "end_date",
    "beneficiary_ids",
]


class DecidedRequest(models.Model):
    """Abstract: a request (an adjustment, a stop) that is pending until approved or refused by a decision."""

    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus, default=RequestStatus.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    requested_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision"),
    )

    class Meta:
        abstract = True


class ProjectVersion(DecidedRequest):
    """One version of a đề án: version 1 at approval, then one per adjustment request."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="versions", verbose_name=_("đề án")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    kinds = models.JSONField(_("what changes"), default=list, blank=True)
    data = models.JSONField(_("content of this version"))

    history = audit.HistoricalRecords()

    class Meta:
        verbose_name = _("đề án version")
        verbose_name_plural = _("đề án versions")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="programs_projectversion_unique_number"
            ),
        ]

    def __str__(self):
        return f"{self.project.code} v{self.number}"


class StopRequest(DecidedRequest):
    """A request to stop a đề án; only an approved one stops it."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="stop_requests", verbose_name=_("đề án")
    )
    reason = models.TextField(_("reason"))

    history = audit.HistoricalRecords()

    class Meta:
        verbose_name = _("stop request")
        verbose_name_plural = _("stop requests")
        ordering = ["project", "requested_at"]

    def __str__(self):
        return f"{self.project_id}: {self.get_status_display()}"


class StatusChange(models.Model):
    """The status-change log of a đề án, written in the same transaction as the change."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("đề án")
    )
    transition = models.CharField(_("step"), max_length=40)
    from_status = models.CharField(_("from"), max_length=24, choices=Status, blank=True)
    to_status = models.CharField(_("to"), max_length=24, choices=Status)
    changed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    changed_at = models.DateTimeField(_("at"), auto_now_add=True)
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["project", "changed_at", "id"]

    def __str__(self):
        return f"{self.project_id}: {self.from_status} → {self.to_status}"


class Payment(ScopedModel, TimeStampedModel):
    """Money moved for a đề án: an advance, a disbursement or the settlement (VND)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="payments", verbose_name=_("đề án")
    )
    kind = models.CharField(_("kind"), max_length=14, choices=PaymentKind)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    paid_on = models.DateField(_("date"))
    reference = models.CharField(_("document number"), max_length=80, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = audit.HistoricalRecords()

    scope_paths = {"province": "project__province_id", "organisation": "project__executing_unit_id"}

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["project", "paid_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount_vnd}"
