"""Cluster section: clusters by status with hectares, occupancy, wastewater plants and tenant projects."""

from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from khuyencong.clusters.choices import ClusterStatus, InfrastructureKind, InfrastructureState, TenantStatus
from khuyencong.clusters.models import InfrastructureItem, LandRecord, TenantProject

from .base import EFFECTIVE_STATUS, STATUS_COLOURS, TWO, _clusters, _ha, cluster_area, link

# Occupancy buckets: (key, label, lowest %, highest %). Occupancy has two decimals, so 24.99 closes
# "under 25 %" exactly and the cluster list's occupancy_min / occupancy_max filters show the same rows.
OCCUPANCY_BUCKETS = [
    ("lt25", _("Under 25 %"), "0", "24.99"),
    ("25to50", _("25 % to under 50 %"), "25", "49.99"),
    ("50to75", _("50 % to under 75 %"), "50", "74.99"),
    ("75up", _("75 % and more"), "75", "100"),
]


def clusters_by_status(area, user):
    """[(province id, effective status, clusters, hectares)] of the clusters the user sees in the area:
    one grouped query that gives both the status table and the national table by province."""
    return list(
        _clusters(area, user)
        .annotate(effective=EFFECTIVE_STATUS, area=cluster_area())
        .values_list("province_id", "effective")
        .annotate(count=Count("pk"), area_ha=Sum("area"))
        .order_by()
    )


def cluster_section(area, user, grouped_by_status=None):
    """Clusters by status with hectares, occupancy distribution, land, wastewater plants, tenants.

    `grouped_by_status`: the rows of `clusters_by_status(area, user)` when the caller has them."""
    clusters = _clusters(area, user)
    grouped = {}
    for _province, status, count, hectares in (
        clusters_by_status(area, user) if grouped_by_status is None else grouped_by_status
    ):
        entry = grouped.setdefault(status, {"count": 0, "area_ha": Decimal(0)})
        entry["count"] += count
        entry["area_ha"] += hectares or 0
    by_status = [
        {
            "status": status.value,
            "label": status.label,
            "count": grouped[status.value]["count"],
            "area_ha": _ha(grouped[status.value]["area_ha"]),
            "colour": STATUS_COLOURS[status],
            "href": link("clusters:list", area, status=status.value),
        }
        for status in ClusterStatus
        if status.value in grouped
    ]

    # The newest land record of each cluster (latest period end, then latest id), once, by a window.
    newest = Window(
        RowNumber(), partition_by=F("cluster_id"), order_by=[F("period_end").desc(), F("pk").desc()]
    )
    land = (
        LandRecord.objects.filter(cluster__in=clusters.values("pk"))
        .annotate(newest=newest)
        .filter(newest=1)
        .aggregate(
            with_land=Count("pk", filter=Q(occupancy_pct__isnull=False)),
            industrial_ha=Sum("industrial_land_ha"),
            leased_ha=Sum("leased_ha"),
            **{
                key: Count("pk", filter=Q(occupancy_pct__gte=Decimal(low), occupancy_pct__lte=Decimal(high)))
                for key, _label, low, high in OCCUPANCY_BUCKETS
            },
        )
    )
    plant = InfrastructureItem.objects.filter(
        cluster=OuterRef("pk"), kind=InfrastructureKind.WASTEWATER, state=InfrastructureState.OPERATING
    )
    operating = Q(effective=ClusterStatus.OPERATING)
    totals = (
        clusters.annotate(effective=EFFECTIVE_STATUS, plant=Exists(plant))
        .order_by()
        .aggregate(
            operating=Count("pk", filter=operating),
            operating_with_plant=Count("pk", filter=operating & Q(plant=True)),
            with_plant=Count("pk", filter=Q(plant=True)),
        )
    )
    totals.update(land)
    industrial, leased = _ha(totals["industrial_ha"]), _ha(totals["leased_ha"])
    occupancy = {
        "with_land": totals["with_land"],
        "industrial_ha": industrial,
        "leased_ha": leased,
        "free_ha": industrial - leased,
        "pct": (leased * 100 / industrial).quantize(TWO) if industrial else None,
        "buckets": [
            {
                "key": key,
                "label": label,
                "count": totals[key],
                "href": link("clusters:list", area, occupancy_min=low, occupancy_max=high),
            }
            for key, label, low, high in OCCUPANCY_BUCKETS
        ],
    }
    operating_count, covered = totals["operating"], totals["operating_with_plant"]
    wastewater = {
        "operating": operating_count,
        "operating_href": link("clusters:list", area, status=ClusterStatus.OPERATING.value),
        "with_plant": covered,
        "with_plant_href": link(
            "clusters:list", area, status=ClusterStatus.OPERATING.value, has_wastewater_plant="true"
        ),
        "without_plant": operating_count - covered,
        "without_plant_href": link(
            "clusters:list", area, status=ClusterStatus.OPERATING.value, has_wastewater_plant="false"
        ),
        "pct": (Decimal(covered * 100) / operating_count).quantize(TWO) if operating_count else None,
        "any_plant": totals["with_plant"],
        "any_plant_href": link("clusters:list", area, has_wastewater_plant="true"),
    }
    return {
        "total": sum(row["count"] for row in by_status),
        "area_ha": sum((row["area_ha"] for row in by_status), Decimal(0)),
        "href": link("clusters:list", area),
        "by_status": by_status,
        "occupancy": occupancy,
        "wastewater": wastewater,
        "tenants": tenant_figures(area, user),
    }


def tenant_figures(area, user):
    """Secondary projects in the clusters by status, with their workers and leased land."""
    tenants = area.restrict(TenantProject.objects.visible_to(user), "cluster__province_id")
    grouped = {
        row["status"]: row
        for row in tenants.values("status")
        .annotate(count=Count("pk"), workers=Sum("workers"), leased_ha=Sum("leased_area_ha"))
        .order_by()
    }
    rows = [
        {
            "status": status.value,
            "label": status.label,
            "count": grouped[status.value]["count"],
            "workers": grouped[status.value]["workers"] or 0,
            "leased_ha": _ha(grouped[status.value]["leased_ha"]),
        }
        for status in TenantStatus
        if status.value in grouped
    ]
    active = [row for row in rows if row["status"] != TenantStatus.TERMINATED]
    return {
        "by_status": rows,
        "active": sum(row["count"] for row in active),
        "workers": sum(row["workers"] for row in active),
        # Tenant projects are listed on the page of each cluster.
        "href": link("clusters:list", area),
    }
