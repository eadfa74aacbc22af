from django.db import models
from django.utils.translation import gettext_lazy as _


class FacilityKind(models.TextChoices):
    """Kinds of rural industrial establishment (ND 45/2012, ND 235/2025)."""

    ENTERPRISE = "enterprise", _("Small or medium enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group")
    HOUSEHOLD = "household", _("Household business")
    # From 15/10/2025 (ND 235/2025): eligible only from that day (facilities.eligibility).
    UNION_OF_COOPERATIVES = "union_of_cooperatives", _("Union of cooperatives")
    ARTISAN = "artisan", _("Folk or excellent artisan")
    CLUSTER_INVESTOR = "cluster_investor", _("Industrial cluster infrastructure investor")


class AwardLevel(models.TextChoices):
    """Levels of the typical rural industrial product contest (no district level after 2025)."""

    DISTRICT = "district", _("District")
    PROVINCIAL = "provincial", _("Provincial")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
