from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from khuyencong.core import audit
from khuyencong.core.formatting import vn_date
from khuyencong.core.models import TimeStampedModel
from khuyencong.core.scoping import DEFAULT_EDIT_ROLES, INVESTOR, ScopedModel
from khuyencong.core.text import fold, nfc

from ..choices import InfrastructureKind, InfrastructureState, ReportPeriod, TenantStatus
from .clusters import AREA, CHILD_SCOPE, Cluster

MONEY = {"null": True, "blank": True, "validators": [MinValueValidator(0)]}

# The infrastructure investor reports its own cluster's land, infrastructure and tenants (Biểu 01–02).
INVESTOR_EDIT_ROLES = DEFAULT_EDIT_ROLES | {INVESTOR}


def land_errors(total, industrial, leased):
    """The land rule (DOMAIN §2.2): leased ≤ industrial land ≤ total area; {field: [message]}.

    The one statement of it: the land form, the API and the catalogue import all call it."""
    errors = {}
    if industrial is not None and total is not None and industrial > total:
        errors["industrial_land_ha"] = [_("Industrial land cannot exceed the total area.")]
    if leased is not None and industrial is not None and leased > industrial:
        errors["leased_ha"] = [_("Leased land cannot exceed the industrial land.")]
    return errors


def occupancy(leased, industrial):
    """Leased industrial land ÷ industrial land, in percent with two decimals (None without land)."""
    if not industrial:
        return None
    return (Decimal(leased or 0) * 100 / Decimal(industrial)).quantize(Decimal("0.01"), ROUND_HALF_UP)


class LandRecord(ScopedModel, TimeStampedModel):
    """Land and occupancy of a cluster at the end of a reporting period.

    Occupancy = leased industrial land ÷ industrial land (DOMAIN §2.2), never of the total area; leased
    land cannot exceed industrial land, which cannot exceed the total area (database constraints).
    """

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="land_records", verbose_name=_("cluster")
    )
    period_end = models.DateField(_("as of"))
    total_area_ha = models.DecimalField(_("total area (ha)"), **AREA)
    industrial_land_ha = models.DecimalField(_("industrial land (ha)"), **AREA)
    leased_ha = models.DecimalField(_("leased industrial land (ha)"), **AREA)
    occupancy_pct = models.DecimalField(
        _("occupancy (%)"), max_digits=5, decimal_places=2, null=True, editable=False
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = audit.HistoricalRecords()

    scope_paths = CHILD_SCOPE
    scope_edit_roles = INVESTOR_EDIT_ROLES

    @classmethod
    def domain_errors(cls, actor, record, instance=None):
        return land_errors(record["total_area_ha"], record["industrial_land_ha"], record["leased_ha"])

    class Meta:
        verbose_name = _("land and occupancy record")
        verbose_name_plural = _("land and occupancy records")
        ordering = ["cluster", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "period_end"],
                name="clusters_landrecord_unique_period",
                violation_error_message=_("There is already a record for this cluster on this date."),
            ),
            models.CheckConstraint(
                condition=Q(leased_ha__lte=F("industrial_land_ha")),
                name="clusters_landrecord_leased_within_industrial",
                violation_error_message=_("Leased land cannot exceed the industrial land."),
            ),
            models.CheckConstraint(
                condition=Q(industrial_land_ha__lte=F("total_area_ha")),
                name="clusters_landrecord_industrial_within_total",
                violation_error_message=_("Industrial land cannot exceed the total area."),
            ),
        ]

    def __str__(self):
        return (
            f"{self.cluster} – {vn_date(self.period_end)}"
            if self.cluster_id
            else str(self._meta.verbose_name)
        )

    def save(self, *args, **kwargs):
        self.occupancy_pct = occupancy(self.leased_ha, self.industrial_land_ha)
        super().save(*args, **kwargs)


class InfrastructureItem(ScopedModel, TimeStampedModel):
    """A shared infrastructure work of a cluster (roads, power, water, wastewater plant…) and its state."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="infrastructure", verbose_name=_("cluster")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InfrastructureKind)
    state = models.CharField(
        _("state"), max_length=20, choices=InfrastructureState, default=InfrastructureState.NONE
    )
    capacity = models.DecimalField(_("capacity"), max_digits=12, decimal_places=2, null=True, blank=True)
    capacity_unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("e.g. m³/ngày đêm"))
    in_service_on = models.DateField(_("in service since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = audit.HistoricalRecords()

    scope_paths = CHILD_SCOPE
    scope_edit_roles = INVESTOR_EDIT_ROLES

    class Meta:
        verbose_name = _("infrastructure item")
        verbose_name_plural = _("infrastructure items")
        ordering = ["cluster", "kind", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.get_state_display()}"


class TenantProject(ScopedModel, TimeStampedModel):
    """A secondary investment project in a cluster (a line of Biểu 01)."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="tenants", verbose_name=_("cluster")
    )
    name = models.CharField(_("project name"), max_length=250)
    investor = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("investor"),
    )
    investor_name = models.CharField(
        _("investor (name)"),
        max_length=250,
        blank=True,
        help_text=_("When the investor is not in the register"),
    )
    industry = models.CharField(_("industry"), max_length=200, blank=True)
    leased_area_ha = models.DecimalField(_("leased area (ha)"), null=True, blank=True, **AREA)
    registered_capital_vnd = models.PositiveBigIntegerField(_("registered capital (VND)"), **MONEY)
    realised_capital_vnd = models.PositiveBigIntegerField(_("realised capital (VND)"), **MONEY)
    workers = models.PositiveIntegerField(_("workers"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TenantStatus, default=TenantStatus.REGISTERED
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    search_text = models.CharField(max_length=600, editable=False, db_index=True, default="")

    history = audit.HistoricalRecords()

    # Also the enterprise investing in it ("tenant") and the officers of its cluster's communes ("local").
    scope_paths = {**CHILD_SCOPE, "tenant": "investor", "local": "cluster__communes"}
    scope_edit_roles = INVESTOR_EDIT_ROLES

    class Meta:
        verbose_name = _("tenant project")
        verbose_name_plural = _("tenant projects")
        ordering = ["cluster", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.investor_name = nfc(self.investor_name)
        self.search_text = f"{fold(self.name)} | {fold(self.investor_name)} | {fold(self.industry)}"[:600]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("clusters:tenant-detail", args=[self.pk])

    @property
    def investor_display(self):
        return str(self.investor) if self.investor_id else self.investor_name


class TenantReport(ScopedModel, TimeStampedModel):
    """The periodic figures of a tenant project (Biểu 01 of TT 14/2024): capital, workers, revenue."""

    tenant = models.ForeignKey(
        TenantProject, on_delete=models.CASCADE, related_name="reports", verbose_name=_("tenant project")
    )
    period = models.CharField(
        _("period"), max_length=10, choices=ReportPeriod, default=ReportPeriod.HALF_YEAR
    )
    period_end = models.DateField(_("period end"))
    realised_capital_vnd = models.PositiveBigIntegerField(_("realised capital (VND)"), **MONEY)
    workers = models.PositiveIntegerField(_("workers"), null=True, blank=True)
    revenue_vnd = models.PositiveBigIntegerField(_("revenue (VND)"), **MONEY)
    budget_contribution_vnd = models.PositiveBigIntegerField(_("budget contribution (VND)"), **MONEY)
    status = models.CharField(
        _("status"), max_length=20, choices=TenantStatus, default=TenantStatus.OPERATING
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = audit.HistoricalRecords()

    scope_paths = {
        **{key: f"tenant__{path}" for key, path in CHILD_SCOPE.items()},
        "tenant": "tenant__investor",
        "local": "tenant__cluster__communes",
    }
    scope_edit_roles = INVESTOR_EDIT_ROLES

    class Meta:
        verbose_name = _("tenant report")
        verbose_name_plural = _("tenant reports")
        ordering = ["tenant", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "period", "period_end"],
                name="clusters_tenantreport_unique_period",
                violation_error_message=_("There is already a report for this project and period."),
            )
        ]

    def __str__(self):
        return (
            f"{self.tenant} – {vn_date(self.period_end)}" if self.tenant_id else str(self._meta.verbose_name)
        )
