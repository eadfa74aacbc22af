"""National table: clusters and đề án per province, rolled up into the units valid on a date."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum

from khuyencong.core import clock
from khuyencong.geography.models import AdminUnit, Succession
from khuyencong.programs.choices import APPROVED_STATES, OPEN_STATES, Status

from .base import _ha, _projects, link
from .clusters import clusters_by_status


def province_rollup(unit_ids, on):
    """{unit id: the province valid on `on` it became part of} for the given province ids.

    A unit valid on `on` maps to itself; a former unit follows its successor links (Đắk Nông → Lâm
    Đồng). A unit that has no single successor valid on `on` (asked with older boundaries than the
    unit itself) maps to itself. Three queries whatever the number of ids.
    """
    unit_ids = set(unit_ids)
    valid = {unit.pk: unit for unit in AdminUnit.objects.provinces().valid_on(on)}
    successors = defaultdict(set)
    for before, after in Succession.objects.filter(predecessor__level="province").values_list(
        "predecessor_id", "successor_id"
    ):
        successors[before].add(after)
    others = AdminUnit.objects.in_bulk(unit_ids - set(valid))
    result = {}
    for unit_id in unit_ids:
        if unit_id in valid:
            result[unit_id] = valid[unit_id]
            continue
        frontier, seen, found = {unit_id}, {unit_id}, []
        while frontier and not found:
            reached = set().union(*(successors[u] for u in frontier)) - seen
            found = [valid[u] for u in reached if u in valid]
            seen |= reached
            frontier = reached
        result[unit_id] = found[0] if len(found) == 1 else others.get(unit_id)
    return result


def by_province(area, user, year=None, today=None, grouped_by_status=None):
    """National dashboard: clusters and đề án per province, rolled up into the units valid on the
    boundaries date. None for a province dashboard. `grouped_by_status`: the rows of
    `clusters.clusters_by_status(area, user)` when the caller has them (the same query serves both)."""
    if not area.national:
        return None
    today = today or clock.today()
    clusters = {}
    for province_id, _status, count, hectares in (
        clusters_by_status(area, user) if grouped_by_status is None else grouped_by_status
    ):
        row = clusters.setdefault(province_id, {"count": 0, "area_ha": Decimal(0)})
        row["count"] += count
        row["area_ha"] += hectares or 0
    carried = Q(status__in=APPROVED_STATES) & ~Q(status=Status.STOPPED)
    projects = {
        row["province_id"]: row
        for row in _projects(area, user, year)
        .values("province_id")
        .annotate(
            count=Count("pk"),
            support=Sum("state_support_vnd", filter=carried),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATES, end_date__lt=today)),
        )
        .order_by()
    }
    rollup = province_rollup(set(clusters) | set(projects), area.boundaries)
    rows = {}
    for unit_id, unit in rollup.items():
        row = rows.setdefault(
            unit.pk,
            {
                "unit": unit,
                "clusters": 0,
                "area_ha": Decimal(0),
                "projects": 0,
                "support_vnd": 0,
                "overdue": 0,
            },
        )
        cluster_row, project_row = clusters.get(unit_id, {}), projects.get(unit_id, {})
        row["clusters"] += cluster_row.get("count", 0)
        row["area_ha"] += _ha(cluster_row.get("area_ha"))
        row["projects"] += project_row.get("count", 0)
        row["support_vnd"] += project_row.get("support") or 0
        row["overdue"] += project_row.get("overdue", 0)
    result = []
    for row in sorted(rows.values(), key=lambda r: (r["unit"].scheme, r["unit"].code)):
        unit = row["unit"]
        result.append(
            {
                **row,
                "code": unit.code,
                "name": unit.name,
                "dashboard_href": link(
                    "reports:dashboard", province=unit.code, boundaries=area.boundaries.isoformat(), year=year
                ),
                "clusters_href": link("clusters:list", within=unit.pk),
                "projects_href": link("programs:project-list", within=unit.pk, year=year),
                "overdue_href": link("programs:project-list", within=unit.pk, year=year, overdue="true"),
            }
        )
    return result
