from django.db import models
from django.utils.translation import gettext_lazy as _


class FacilityKind(models.TextChoices):
    """Kinds of rural industrial establishment (ND 45/2012, ND 235/2025)."""

    ENTERPRISE = "enterprise", _("Small or medium enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group")
    HOUSEHOLD = "household", _("Household business")


class AwardLevel(models.TextChoices):
    """Levels of the typical rural industrial product contest (no district level after 2025)."""

    DISTRICT = "district", _("District")
    PROVINCIAL = "provincial", _("Provincial")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
