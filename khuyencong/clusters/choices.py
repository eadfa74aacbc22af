"""Vocabulary of the clusters app (DOMAIN §2 and §7.1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ClusterKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary cluster")
    CRAFT_VILLAGE = "craft_village", _("Craft-village cluster")


class DecisionKind(models.TextChoices):
    """Every legal step of a cluster is a dated document of one of these kinds (DOMAIN §2.3)."""

    PLAN_INCLUSION = "plan_inclusion", _("Inclusion in the provincial plan")
    PLAN_ADJUSTMENT = "plan_adjustment", _("Adjustment of the provincial plan")
    PLAN_REMOVAL = "plan_removal", _("Removal from the provincial plan")
    APPLICATION_NOTICE = "application_notice", _("Notice receiving investor applications")
    DOSSIER_SUBMISSION = "dossier_submission", _("Dossier submitted to the Department")
    # The appraisal clock stops while the dossier is out for completion (Decree 32/2024, Art. 10).
    DOSSIER_RETURNED = "dossier_returned", _("Dossier returned for completion")
    DOSSIER_COMPLETED = "dossier_completed", _("Completed dossier received")
    INVESTOR_SELECTION = "investor_selection", _("Investor selection")
    ESTABLISHMENT = "establishment", pgettext_lazy("cluster decision kind", "Establishment")
    EXPANSION = "expansion", _("Expansion")
    ADJUSTMENT = "adjustment", _("Adjustment of the establishment decision")
    REVOCATION = "revocation", _("Revocation")
    DETAILED_PLAN = "detailed_plan", _("Detailed plan 1/500 approval")
    INFRASTRUCTURE_PROJECT = "infrastructure_project", _("Infrastructure project approval")
    ENVIRONMENTAL_PERMIT = "environmental_permit", _("Environmental permit")
    CONSTRUCTION_START = "construction_start", _("Construction start")
    OPERATION = "operation", _("Start of operation")


# Decisions whose `area_ha` is the cluster's total area after the decision.
AREA_SETTING_KINDS = frozenset({DecisionKind.ESTABLISHMENT, DecisionKind.EXPANSION, DecisionKind.ADJUSTMENT})
PLAN_KINDS = frozenset({DecisionKind.PLAN_INCLUSION, DecisionKind.PLAN_ADJUSTMENT})


class ClusterStatus(models.TextChoices):
    """Derived from the decisions (services.derive_status); the order is the order of progress."""

    NO_RECORD = "no_record", _("No decision recorded")
    PLANNED = "planned", pgettext_lazy("cluster status", "Planned")
    APPLICATION_OPEN = "application_open", _("Receiving investor applications")
    UNDER_APPRAISAL = "under_appraisal", _("Dossier under appraisal")
    INVESTOR_SELECTED = "investor_selected", _("Investor selected")
    ESTABLISHED = "established", _("Established")
    DETAILED_PLAN_APPROVED = "detailed_plan_approved", _("Detailed plan approved")
    PRE_CONSTRUCTION = "pre_construction", _("Preparing construction")
    UNDER_CONSTRUCTION = "under_construction", pgettext_lazy("cluster status", "Under construction")
    OPERATING = "operating", pgettext_lazy("cluster status", "Operating")
    LEGACY_UNREGULARISED = "legacy_unregularised", _("Legacy, not regularised")
    REVOKED = "revoked", _("Establishment revoked")
    REMOVED_FROM_PLAN = "removed_from_plan", _("Removed from the plan")


STATUS_BADGE = {
    ClusterStatus.NO_RECORD: "muted",
    ClusterStatus.PLANNED: "",
    ClusterStatus.ESTABLISHED: "success",
    ClusterStatus.DETAILED_PLAN_APPROVED: "success",
    ClusterStatus.OPERATING: "success",
    ClusterStatus.LEGACY_UNREGULARISED: "warning",
    ClusterStatus.REVOKED: "danger",
    ClusterStatus.REMOVED_FROM_PLAN: "danger",
}

# The milestone each decision kind reaches; later milestones rank higher.
MILESTONE = {
    DecisionKind.PLAN_INCLUSION: ClusterStatus.PLANNED,
    DecisionKind.PLAN_ADJUSTMENT: ClusterStatus.PLANNED,
    DecisionKind.APPLICATION_NOTICE: ClusterStatus.APPLICATION_OPEN,
    DecisionKind.DOSSIER_SUBMISSION: ClusterStatus.UNDER_APPRAISAL,
    DecisionKind.DOSSIER_RETURNED: ClusterStatus.UNDER_APPRAISAL,
    DecisionKind.DOSSIER_COMPLETED: ClusterStatus.UNDER_APPRAISAL,
    DecisionKind.INVESTOR_SELECTION: ClusterStatus.INVESTOR_SELECTED,
    DecisionKind.ESTABLISHMENT: ClusterStatus.ESTABLISHED,
    DecisionKind.EXPANSION: ClusterStatus.ESTABLISHED,
    DecisionKind.ADJUSTMENT: ClusterStatus.ESTABLISHED,
    DecisionKind.DETAILED_PLAN: ClusterStatus.DETAILED_PLAN_APPROVED,
    DecisionKind.INFRASTRUCTURE_PROJECT: ClusterStatus.PRE_CONSTRUCTION,
    DecisionKind.ENVIRONMENTAL_PERMIT: ClusterStatus.PRE_CONSTRUCTION,
    DecisionKind.CONSTRUCTION_START: ClusterStatus.UNDER_CONSTRUCTION,
    DecisionKind.OPERATION: ClusterStatus.OPERATING,
}
PROGRESS = [
    ClusterStatus.NO_RECORD,
    ClusterStatus.PLANNED,
    ClusterStatus.APPLICATION_OPEN,
    ClusterStatus.UNDER_APPRAISAL,
    ClusterStatus.INVESTOR_SELECTED,
    ClusterStatus.ESTABLISHED,
    ClusterStatus.DETAILED_PLAN_APPROVED,
    ClusterStatus.PRE_CONSTRUCTION,
    ClusterStatus.UNDER_CONSTRUCTION,
    ClusterStatus.OPERATING,
]


class InvestorKind(models.TextChoices):
    """Kinds of infrastructure investor (DOMAIN §2.4)."""

    ENTERPRISE = "enterprise", _("Enterprise or cooperative")
    FOREIGN_ENTERPRISE = "foreign_enterprise", _("Enterprise with foreign capital")
    PUBLIC_UNIT = "public_unit", _("Public unit")
    NONE = "none", _("No investor")


# accounts.OrganisationKind → InvestorKind
ORGANISATION_TO_INVESTOR_KIND = {
    "enterprise": InvestorKind.ENTERPRISE,
    "cooperative": InvestorKind.ENTERPRISE,
    "other": InvestorKind.ENTERPRISE,
    "foreign_enterprise": InvestorKind.FOREIGN_ENTERPRISE,
    "public_unit": InvestorKind.PUBLIC_UNIT,
    "promotion_centre": InvestorKind.PUBLIC_UNIT,
    "peoples_committee": InvestorKind.PUBLIC_UNIT,
    "department": InvestorKind.PUBLIC_UNIT,
}
INVESTOR_ORGANISATION_KINDS = list(ORGANISATION_TO_INVESTOR_KIND)


class InfrastructureKind(models.TextChoices):
    ROADS = "roads", _("Internal roads")
    POWER = "power", _("Power supply")
    WATER = "water", _("Water supply")
    WASTEWATER = "wastewater", _("Centralised wastewater treatment")
    SOLID_WASTE = "solid_waste", _("Solid waste collection")
    FIRE = "fire", _("Fire prevention")
    LIGHTING = "lighting", _("Public lighting")
    TELECOM = "telecom", _("Telecommunications")
    OTHER = "other", _("Other")


class InfrastructureState(models.TextChoices):
    NONE = "none", _("None")
    UNDER_CONSTRUCTION = "under_construction", pgettext_lazy("infrastructure state", "Under construction")
    OPERATING = "operating", pgettext_lazy("infrastructure state", "Operating")


class TenantStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    UNDER_CONSTRUCTION = "under_construction", pgettext_lazy("tenant status", "Under construction")
    OPERATING = "operating", pgettext_lazy("tenant status", "Operating")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")


class ReportPeriod(models.TextChoices):
    HALF_YEAR = "half_year", _("Six months")
    YEAR = "year", _("Year")
