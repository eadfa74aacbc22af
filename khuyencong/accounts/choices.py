from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.core import scoping


class Role(models.TextChoices):
    """Roles of DESIGN §1; the codes are those of core.scoping, which maps each to what it filters on."""

    CENTRAL = scoping.CENTRAL, _("Central agency")
    PROVINCE_OFFICER = scoping.PROVINCE_OFFICER, _("Department of Industry and Trade officer")
    PROMOTION_CENTRE = scoping.PROMOTION_CENTRE, _("Industrial promotion centre staff")
    INVESTOR = scoping.INVESTOR, _("Cluster infrastructure investor")
    COLLABORATOR = scoping.COLLABORATOR, _("Industrial promotion collaborator")
    VIEWER = scoping.VIEWER, _("Public viewer")
    TENANT = scoping.TENANT, _("Enterprise investing in a cluster")
    COMMUNE_OFFICER = scoping.COMMUNE_OFFICER, _("Commune People's Committee officer")


class OrganisationKind(models.TextChoices):
    CENTRAL_AGENCY = "central_agency", _("Central agency (Ministry of Industry and Trade)")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    DEPARTMENT = "department", _("Department of Industry and Trade (Sở Công Thương)")
    PROMOTION_CENTRE = "promotion_centre", _("Industrial promotion centre")
    PUBLIC_UNIT = "public_unit", _("Public service unit")
    ENTERPRISE = "enterprise", _("Enterprise")
    FOREIGN_ENTERPRISE = "foreign_enterprise", _("Enterprise with foreign capital")
    COOPERATIVE = "cooperative", _("Cooperative")
    OTHER = "other", _("Other")
