"""Shared pieces of the dashboard sections: colours, the effective status, area and money helpers, links."""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import CharField, DecimalField, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse

from khuyencong.clusters.choices import AREA_SETTING_KINDS, PLAN_KINDS, ClusterStatus
from khuyencong.clusters.models import Cluster, ClusterDecision
from khuyencong.core.formatting import vnd_to_million
from khuyencong.programs.models import Project

TWO = Decimal("0.01")

# One colour per cluster status, shared by the status chart, the map markers and the legend.
STATUS_COLOURS = {
    ClusterStatus.NO_RECORD: "#9e9e9e",
    ClusterStatus.PLANNED: "#90caf9",
    ClusterStatus.APPLICATION_OPEN: "#4fc3f7",
    ClusterStatus.UNDER_APPRAISAL: "#26a69a",
    ClusterStatus.INVESTOR_SELECTED: "#7e57c2",
    ClusterStatus.ESTABLISHED: "#1e88e5",
    ClusterStatus.DETAILED_PLAN_APPROVED: "#3949ab",
    ClusterStatus.PRE_CONSTRUCTION: "#fdd835",
    ClusterStatus.UNDER_CONSTRUCTION: "#fb8c00",
    ClusterStatus.OPERATING: "#2e7d32",
    ClusterStatus.LEGACY_UNREGULARISED: "#8d6e63",
    ClusterStatus.REVOKED: "#c62828",
    ClusterStatus.REMOVED_FROM_PLAN: "#6d4c41",
}

# A cluster's status as lists show it: the hand-set status of a legacy cluster, else the derived one.
EFFECTIVE_STATUS = Coalesce(NullIf(F("status_override"), Value("")), F("status"), output_field=CharField())


def link(name, area=None, **params):
    """URL of a list page filtered to the area and `params` (None values left out)."""
    query = {**(area.list_params() if area is not None else {}), **params}
    query = {key: value for key, value in query.items() if value is not None}
    url = reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


def _ha(value):
    return Decimal(value or 0).quantize(TWO)


def _million(value):
    return float(vnd_to_million(value or 0))


def cluster_area():
    """A cluster's area in hectares as SQL: the newest establishment / expansion / adjustment area, else
    the newest planned area of a plan decision, else the planned area typed on the cluster."""
    decisions = ClusterDecision.objects.filter(cluster=OuterRef("pk"), area_ha__isnull=False).order_by(
        "-issued_on", "-pk"
    )
    return Coalesce(
        Subquery(decisions.filter(kind__in=AREA_SETTING_KINDS).values("area_ha")[:1]),
        Subquery(decisions.filter(kind__in=PLAN_KINDS).values("area_ha")[:1]),
        F("planned_area_ha"),
        output_field=DecimalField(max_digits=8, decimal_places=2),
    )


def _clusters(area, user):
    return area.restrict(Cluster.objects.visible_to(user))


def _projects(area, user, year):
    projects = area.restrict(Project.objects.visible_to(user))
    return projects.filter(plan_year=year) if year else projects
