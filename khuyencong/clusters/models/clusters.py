from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import OfficialDecision
from khuyencong.core import audit
from khuyencong.core.fields import latitude_field, longitude_field
from khuyencong.core.models import TimeStampedModel
from khuyencong.core.scoping import ScopedModel
from khuyencong.core.text import fold, nfc

from ..choices import STATUS_BADGE, ClusterKind, ClusterStatus, DecisionKind, InvestorKind
from ..querysets import ClusterQuerySet

AREA = {"max_digits": 8, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}

# Every model hanging off a cluster is scoped through it.
CHILD_SCOPE = {
    "province": "cluster__province",
    "organisation": "cluster__investor",
    "published": "cluster__is_published",
}


class Cluster(ScopedModel, TimeStampedModel):
    """One industrial cluster (CCN) of a provincial plan.

    Invariants:
    - `province` and `communes` are the units valid when the cluster was planned (a Đắk Nông cluster
      points at the legacy province 67); reports roll them up to today's units.
    - `status` is never typed: `services.refresh_status` derives it from the decisions. `status_override`
      exists only for legacy clusters (`is_legacy`) whose papers are missing; it is shown flagged.
    - `summary` caches what `services.summary_of` derives (state and investor from the last decision
      or investor change on); `services.refresh_status` writes it and any other change of a decision,
      an investor assignment or the fields it reads clears it (`_clear_summary`), so it is never stale.
    - `investor` / `investor_kind` are the current infrastructure investor, kept by
      `services.assign_investor`, which also writes a `ClusterInvestorAssignment` row: the investor
      history is that table (dated, so reports can ask "who was the investor on date D"), plus the
      audit history of this model.
    """

    code = models.CharField(_("code"), max_length=30, blank=True)
    name = models.CharField(_("name"), max_length=200, help_text=_("Without the words 'Cụm công nghiệp'"))
    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        limit_choices_to={"level": "province"},
        related_name="+",
        verbose_name=_("province"),
    )
    communes = models.ManyToManyField(
        "geography.AdminUnit",
        blank=True,
        limit_choices_to={"level": "commune"},
        related_name="+",
        verbose_name=_("communes"),
        help_text=_("The communes at the time the cluster was planned"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=ClusterKind, default=ClusterKind.ORDINARY)
    in_mountainous_area = models.BooleanField(_("in a mountainous district"), default=False)
    is_legacy = models.BooleanField(
        _("legacy cluster"),
        default=False,
        help_text=_("Formed before Decision 105/2009/QĐ-TTg or outside today's size limits"),
    )
    planned_area_ha = models.DecimalField(_("planned area (ha)"), null=True, blank=True, **AREA)
    main_industries = models.TextField(_("main industries"), blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    investor = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invested_clusters",
        verbose_name=_("infrastructure investor"),
    )
    investor_kind = models.CharField(
        _("investor kind"), max_length=20, choices=InvestorKind, default=InvestorKind.NONE, editable=False
    )
    status = models.CharField(
        _("status"), max_length=24, choices=ClusterStatus, default=ClusterStatus.NO_RECORD, editable=False
    )
    status_override = models.CharField(
        _("status set by hand"),
        max_length=24,
        choices=ClusterStatus,
        blank=True,
        help_text=_("Only for legacy clusters whose decisions are missing"),
    )
    status_override_reason = models.CharField(
        _("reason for the status set by hand"), max_length=300, blank=True
    )
    is_published = models.BooleanField(_("published"), default=False)
    note = models.TextField(_("note"), blank=True)
    search_text = models.CharField(max_length=600, editable=False, db_index=True, default="")
    # The derived state and investor from the decisions and investor assignments (services.summary_of):
    # a cache for reports as of today, written by services.refresh_status, cleared by the receivers below.
    summary = models.JSONField(null=True, blank=True, editable=False)

    # The summary is derived from records that keep their own history.
    history = audit.HistoricalRecords(excluded_fields=["summary"])

    objects = ClusterQuerySet.as_manager()

    # "local": the officers of the cluster's communes (UBND xã, core.scoping.COMMUNE_OFFICER).
    scope_paths = {
        "province": "province",
        "organisation": "investor",
        "published": "is_published",
        "local": "communes",
    }

    @classmethod
    def domain_errors(cls, actor, record, instance=None):
        """The cluster's own rules, for the form, the API and the import alike."""
        errors = {}
        if record["status_override"] and not record["is_legacy"]:
            errors["status_override"] = [_("Only a legacy cluster may have its status set by hand.")]
        elif record["status_override"] and not record["status_override_reason"]:
            errors["status_override_reason"] = [_("Say why the status is set by hand.")]
        province = record["province"]
        province_id = getattr(province, "pk", province)
        if province_id and any(c.province_id != province_id for c in record["communes"] or ()):
            errors["communes"] = [_("The communes must belong to the chosen province.")]
        if (record["latitude"] is None) != (record["longitude"] is None):
            errors["longitude"] = [_("Give both latitude and longitude, or neither.")]
        return errors

    class Meta:
        verbose_name = _("industrial cluster")
        verbose_name_plural = _("industrial clusters")
        ordering = ["province__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "code"],
                condition=~Q(code=""),
                name="clusters_cluster_unique_province_code",
                violation_error_message=_("Another cluster of this province has this code."),
            ),
            models.CheckConstraint(
                condition=Q(status_override="") | Q(is_legacy=True),
                name="clusters_cluster_override_only_legacy",
                violation_error_message=_("Only a legacy cluster may have its status set by hand."),
            ),
        ]
        indexes = [models.Index(fields=["province", "status"], name="clusters_province_status_idx")]

    def __str__(self):
        return f"CCN {self.name}"

    def get_absolute_url(self):
        return reverse("clusters:detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.code = nfc(self.code) or ""
        self.search_text = " | ".join(fold(part) for part in (self.name, self.code, self.main_industries))[
            :600
        ]
        super().save(*args, **kwargs)

    @property
    def effective_status(self):
        return self.status_override or self.status

    @property
    def status_is_manual(self):
        return bool(self.status_override)

    @property
    def status_badge(self):
        """CSS class of the status badge: hand-set statuses always stand out."""
        return "warning" if self.status_override else STATUS_BADGE.get(self.status, "")

    def get_effective_status_display(self):
        return ClusterStatus(self.effective_status).label


class ClusterDecision(ScopedModel, OfficialDecision):
    """One legal step of a cluster as a dated document (kind, number, date, issuer, signer, area, file).

    `area_ha` is the area the decision states: for establishment, expansion and adjustment the cluster's
    total area afterwards; for plan inclusion the planned area; for a detailed plan the area it covers.
    Saving or deleting goes through `services` so the cluster's derived status is refreshed.
    """

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("cluster")
    )
    kind = models.CharField(_("kind of decision"), max_length=30, choices=DecisionKind)
    area_ha = models.DecimalField(_("area (ha)"), null=True, blank=True, **AREA)
    investor = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("investor named in the decision"),
    )

    history = audit.HistoricalRecords()

    scope_paths = CHILD_SCOPE

    class Meta:
        verbose_name = _("cluster decision")
        verbose_name_plural = _("cluster decisions")
        ordering = ["issued_on", "pk"]
        indexes = [models.Index(fields=["cluster", "kind", "issued_on"], name="clusters_decision_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


class ClusterInvestorAssignment(ScopedModel, TimeStampedModel):
    """The infrastructure investor of a cluster between two dates (the investor history).

    `investor` empty means "no investor" (calling for investment, or a legacy cluster run by the
    commune). `kind` is copied from the organisation when assigned, so a later change of the
    organisation's kind does not rewrite history.
    """

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="investor_assignments", verbose_name=_("cluster")
    )
    investor = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("infrastructure investor"),
    )
    kind = models.CharField(_("investor kind"), max_length=20, choices=InvestorKind)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    decision = models.ForeignKey(
        ClusterDecision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = audit.HistoricalRecords()

    scope_paths = CHILD_SCOPE

    class Meta:
        verbose_name = _("investor assignment")
        verbose_name_plural = _("investor assignments")
        ordering = ["cluster", "since", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="clusters_investorassignment_dates",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]

    def __str__(self):
        return f"{self.cluster}: {self.investor or self.get_kind_display()}"

    def covers(self, day):
        return self.since <= day and (self.until is None or day <= self.until)


# -- Cluster.summary is cleared by any write it depends on ---------------------------------------------
# The services (clusters.services) store it again at their end; a write that goes around them (the admin
# of investor assignments, a script) leaves no summary, and reports derive the state from the decisions.
SUMMARY_INPUTS = frozenset({"is_legacy", "planned_area_ha", "investor", "investor_kind"})


def _clear_summary(cluster_id):
    Cluster.objects.filter(pk=cluster_id, summary__isnull=False).update(summary=None)


@receiver([post_save, post_delete], sender=ClusterDecision)
@receiver([post_save, post_delete], sender=ClusterInvestorAssignment)
def _decision_or_assignment_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.cluster_id:
        _clear_summary(instance.cluster_id)


@receiver(post_save, sender=Cluster)
def _cluster_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or kwargs.get("created"):
        return
    if update_fields is None or SUMMARY_INPUTS & set(update_fields):
        _clear_summary(instance.pk)
