"""Cluster section: clusters by status with hectares, occupancy, wastewater plants and tenant projects."""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
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


def cluster_section(area, user):
    """Clusters by status with hectares, occupancy distribution, land, wastewater plants, tenants."""
    clusters = _clusters(area, user)
    grouped = {
        row["effective"]: row
        for row in clusters.annotate(effective=EFFECTIVE_STATUS, area=cluster_area())
        .values("effective")
        .annotate(count=Count("pk"), area_ha=Sum("area"))
        .order_by()
    }
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

    land = LandRecord.objects.filter(cluster=OuterRef("pk")).order_by("-period_end", "-pk")
    plant = InfrastructureItem.objects.filter(
        cluster=OuterRef("pk"), kind=InfrastructureKind.WASTEWATER, state=InfrastructureState.OPERATING
    )
    operating = Q(effective=ClusterStatus.OPERATING)
    bucket_counts = {
        key: Count("pk", filter=Q(occupancy__gte=Decimal(low), occupancy__lte=Decimal(high)))
        for key, _label, low, high in OCCUPANCY_BUCKETS
    }
    totals = (
        clusters.annotate(
            effective=EFFECTIVE_STATUS,
            occupancy=Subquery(land.values("occupancy_pct")[:1]),
            industrial=Subquery(land.values("industrial_land_ha")[:1]),
            leased=Subquery(land.values("leased_ha")[:1]),
            plant=Exists(plant),
        )
        .order_by()
        .aggregate(
            with_land=Count("pk", filter=Q(occupancy__isnull=False)),
            industrial_ha=Sum("industrial"),
            leased_ha=Sum("leased"),
            operating=Count("pk", filter=operating),
            operating_with_plant=Count("pk", filter=operating & Q(plant=True)),
            with_plant=Count("pk", filter=Q(plant=True)),
            **bucket_counts,
        )
    )
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
