"""Province and national dashboards (issue 7 §1): figures aggregated in the database, each with its list.

Every figure is a COUNT or SUM grouped in SQL over the records the user may see (`visible_to`), limited
to the province asked for "by the boundaries of date D" (a `ReportArea`: today's Lâm Đồng includes the
former Đắk Nông and Bình Thuận; Đắk Nông asked with the boundaries of 30/06/2025 is Đắk Nông alone).
Nothing loops over records in Python, so the number of queries does not grow with the number of
clusters or đề án; Python only arranges the grouped rows (a few dozen at most).

Every figure carries `href`: the list page showing the records behind it, through the filters of
`clusters.filtersets` and `programs.filtersets` (`within` = a province and every unit it absorbed).

Entry points (also used by `bench/run.py`):
- `resolve_area(user, province=None, boundaries=None)` → `DashboardArea` (national when no province);
- `build(area, user, year=None)` → the whole dashboard as a dict;
- the sections on their own: `cluster_section`, `promotion_section`, `by_province`, `map_points`,
  `collaborator_coverage`, `recommendations`. The last two return None while the `surveys` /
  `inspections` apps are not installed, and the template leaves the section out.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import (
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khuyencong.clusters.choices import (
    AREA_SETTING_KINDS,
    PLAN_KINDS,
    ClusterStatus,
    InfrastructureKind,
    InfrastructureState,
    TenantStatus,
)
from khuyencong.clusters.models import Cluster, ClusterDecision, InfrastructureItem, LandRecord, TenantProject
from khuyencong.core.formatting import vnd_to_million
from khuyencong.core.scoping import ALL, GRANT_KIND, access_scope
from khuyencong.geography.models import AdminUnit, Succession
from khuyencong.programs.choices import APPROVED_STATES, OPEN_STATES, PaymentKind, Status
from khuyencong.programs.models import Payment, Plan, Project
from khuyencong.reports.common import ReportArea

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

# Occupancy buckets: (key, label, lowest %, highest %). Occupancy has two decimals, so 24.99 closes
# "under 25 %" exactly and the cluster list's occupancy_min / occupancy_max filters show the same rows.
OCCUPANCY_BUCKETS = [
    ("lt25", _("Under 25 %"), "0", "24.99"),
    ("25to50", _("25 % to under 50 %"), "25", "49.99"),
    ("50to75", _("50 % to under 75 %"), "50", "74.99"),
    ("75up", _("75 % and more"), "75", "100"),
]

DISBURSED_KINDS = (PaymentKind.ADVANCE, PaymentKind.DISBURSEMENT)
OVERDUE_LISTED = 10

# A cluster's status as lists show it: the hand-set status of a legacy cluster, else the derived one.
EFFECTIVE_STATUS = Coalesce(NullIf(F("status_override"), Value("")), F("status"), output_field=CharField())


@dataclass(frozen=True)
class DashboardArea:
    """The province a dashboard is about (None: the whole country) and the boundaries date."""

    boundaries: date
    report_area: ReportArea | None = None

    @property
    def national(self):
        return self.report_area is None

    @property
    def province(self):
        return None if self.report_area is None else self.report_area.province

    def restrict(self, queryset, path="province_id"):
        """Records located in the province or in a unit it absorbed (all records when national)."""
        if self.report_area is None:
            return queryset
        return queryset.filter(**{f"{path}__in": self.report_area.province_ids})

    def list_params(self):
        """Query parameters that limit a cluster / đề án / plan list to this area."""
        return {} if self.report_area is None else {"within": self.province.pk}

    def as_json(self):
        data = {"national": self.national, "boundaries": self.boundaries.isoformat()}
        if self.report_area is not None:
            data["province"] = self.report_area.as_json()
        return data


def sees_everything(user):
    scope = access_scope(user)
    return scope.superuser or any(GRANT_KIND[grant.role] == ALL for grant in scope.grants)


def default_province(user):
    """The one province of a province officer / promotion centre, or None (central, several, none)."""
    if sees_everything(user):
        return None
    ids = set(
        user.role_assignments.active()
        .filter(province__isnull=False)
        .values_list("province_id", flat=True)
        .distinct()
    )
    return AdminUnit.objects.get(pk=ids.pop()) if len(ids) == 1 else None


def resolve_area(user, province=None, boundaries=None):
    """The dashboard's area: the province named (code or name), else the user's own, else national.

    Raises geography.services.UnitNotFound / AmbiguousUnit for a name that matches no single province.
    """
    boundaries = boundaries or date.today()
    if province:
        report_area = ReportArea.resolve(province, boundaries)
        # ReportArea may stand for the whole country ("VN"): that is the national dashboard.
        return DashboardArea(boundaries, report_area if report_area.province is not None else None)
    own = default_province(user)
    if own is None:
        return DashboardArea(boundaries)
    return DashboardArea(boundaries, ReportArea.resolve(own.code, boundaries))


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


def _projects(area, user, year):
    projects = area.restrict(Project.objects.visible_to(user))
    return projects.filter(plan_year=year) if year else projects


def promotion_section(area, user, year=None, today=None):
    """Promotion: money by plan year, đề án by status and content, stops and adjustments, overdue."""
    today = today or date.today()
    projects = _projects(area, user, year)
    approved = Q(status__in=APPROVED_STATES)
    carried = approved & ~Q(status=Status.STOPPED)
    overdue = Q(status__in=OPEN_STATES, end_date__lt=today)

    by_status = {
        row["status"]: row
        for row in projects.values("status")
        .annotate(count=Count("pk"), support=Sum("state_support_vnd"))
        .order_by()
    }
    statuses = [
        {
            "status": status.value,
            "label": status.label,
            "count": by_status[status.value]["count"],
            "support_vnd": by_status[status.value]["support"] or 0,
            "href": link("programs:project-list", area, year=year, status=status.value),
        }
        for status in Status
        if status.value in by_status
    ]
    categories = [
        {
            "id": row["category_id"],
            "label": f"{row['category__number']}. {row['category__name']}"
            if row["category_id"]
            else _("No content category"),
            "count": row["count"],
            "support_vnd": row["support"] or 0,
            "href": link("programs:project-list", area, year=year, category=row["category_id"] or "null"),
        }
        for row in projects.values("category_id", "category__number", "category__name")
        .annotate(count=Count("pk"), support=Sum("state_support_vnd", filter=carried))
        .order_by("category__number", "category_id")
    ]

    years = defaultdict(dict)
    for row in (
        projects.values("plan_year")
        .annotate(
            count=Count("pk"),
            approved=Count("pk", filter=approved),
            support=Sum("state_support_vnd", filter=carried),
        )
        .order_by()
    ):
        years[row["plan_year"]].update(count=row["count"], approved=row["approved"], support=row["support"])
    payments = area.restrict(Payment.objects.visible_to(user), "project__province_id")
    if year:
        payments = payments.filter(project__plan_year=year)
    for row in payments.values("project__plan_year", "kind").annotate(total=Sum("amount_vnd")).order_by():
        key = "disbursed" if row["kind"] in DISBURSED_KINDS else "settled"
        entry = years[row["project__plan_year"]]
        entry[key] = entry.get(key, 0) + (row["total"] or 0)
    plans = area.restrict(Plan.objects.visible_to(user))
    if year:
        plans = plans.filter(year=year)
    for row in plans.values("year").annotate(budget=Sum("budget_vnd"), plans=Count("pk")).order_by():
        years[row["year"]].update(budget=row["budget"] or 0, plans=row["plans"])
    by_year = [
        {
            "year": plan_year,
            "plans": years[plan_year].get("plans", 0),
            "budget_vnd": years[plan_year].get("budget", 0),
            "count": years[plan_year].get("count", 0),
            "approved": years[plan_year].get("approved", 0),
            "support_vnd": years[plan_year].get("support") or 0,
            "disbursed_vnd": years[plan_year].get("disbursed", 0),
            "settled_vnd": years[plan_year].get("settled", 0),
            "href": link("programs:project-list", area, year=plan_year),
            "plans_href": link("programs:plan-list", area, year=plan_year),
        }
        for plan_year in sorted(years)
    ]

    changes = projects.order_by().aggregate(
        total=Count("pk"),
        stopped=Count("pk", filter=Q(status=Status.STOPPED)),
        stop_requested=Count("pk", filter=Q(status=Status.STOP_REQUESTED)),
        adjustment_requested=Count("pk", filter=Q(status=Status.ADJUSTMENT_REQUESTED)),
        adjusted=Count("pk", filter=Q(version_number__gt=1)),
        overdue=Count("pk", filter=overdue),
    )
    project_list = "programs:project-list"
    stops = [
        {
            "key": "stopped",
            "label": _("Stopped"),
            "count": changes["stopped"],
            "href": link(project_list, area, year=year, status=Status.STOPPED.value),
        },
        {
            "key": "stop_requested",
            "label": _("Stop requested, not yet decided"),
            "count": changes["stop_requested"],
            "href": link(project_list, area, year=year, status=Status.STOP_REQUESTED.value),
        },
        {
            "key": "adjustment_requested",
            "label": _("Adjustment requested, not yet decided"),
            "count": changes["adjustment_requested"],
            "href": link(project_list, area, year=year, status=Status.ADJUSTMENT_REQUESTED.value),
        },
        {
            "key": "adjusted",
            "label": _("Adjusted (an adjustment was approved)"),
            "count": changes["adjusted"],
            "href": link(project_list, area, year=year, adjusted="true"),
        },
    ]
    late = list(
        projects.filter(overdue)
        .order_by("end_date", "code")
        .values("pk", "code", "title", "end_date", "status", "province__name")[:OVERDUE_LISTED]
    )
    labels = dict(Status.choices)
    for row in late:
        row["href"] = reverse("programs:project-detail", args=[row["pk"]])
        row["status_label"] = labels.get(row["status"], row["status"])
    return {
        "year": year,
        "total": changes["total"],
        "href": link(project_list, area, year=year),
        "by_status": statuses,
        "by_category": categories,
        "by_year": by_year,
        "stops": stops,
        "overdue": {
            "count": changes["overdue"],
            "href": link(project_list, area, year=year, overdue="true"),
            "rows": late,
            "definition": _(
                "Approved, contracted or in progress (or with a pending adjustment or stop request) "
                "and past its end date."
            ),
        },
    }


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


def by_province(area, user, year=None, today=None):
    """National dashboard: clusters and đề án per province, rolled up into the units valid on the
    boundaries date. None for a province dashboard."""
    if not area.national:
        return None
    today = today or date.today()
    clusters = {
        row["province_id"]: row
        for row in Cluster.objects.visible_to(user)
        .annotate(area=cluster_area())
        .values("province_id")
        .annotate(count=Count("pk"), area_ha=Sum("area"))
        .order_by()
    }
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


def map_points(area, user):
    """Clusters with a location, for the map: name, status, colour, position and page."""
    detail = reverse("clusters:detail", args=[999999999])
    labels = {value: str(label) for value, label in ClusterStatus.choices}  # translated once, not per point
    points = []
    for row in (
        _clusters(area, user)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .annotate(effective=EFFECTIVE_STATUS)
        .values("pk", "name", "latitude", "longitude", "effective")
        .order_by("pk")
    ):
        status = row["effective"]
        points.append(
            {
                "id": row["pk"],
                "name": f"CCN {row['name']}",
                "status": status,
                "label": labels.get(status, status),
                "colour": STATUS_COLOURS.get(status, "#9e9e9e"),
                "lat": float(row["latitude"]),
                "lon": float(row["longitude"]),
                "url": detail.replace("999999999", str(row["pk"])),
            }
        )
    return points


def collaborator_coverage(area, user, today=None):
    """Collaborator coverage: communes (valid on the boundaries date) with and without an active
    collaborator, active collaborators, establishments per collaborator, surveys and the last one.

    A commune counts as covered when a collaborator serves it or a former commune it absorbed.
    Returns None while `khuyencong.surveys` is not installed, or for users whose roles do not see
    collaborators; the template then omits the section.
    """
    if not apps.is_installed("khuyencong.surveys"):
        return None
    collaborator_model = apps.get_model("surveys", "Collaborator")
    allowed = getattr(collaborator_model, "scope_view_roles", None)
    scope = access_scope(user)
    if allowed is not None and not scope.superuser and not (scope.roles() & set(allowed)):
        return None
    commune_model = apps.get_model("surveys", "CollaboratorCommune")
    response_model = apps.get_model("surveys", "SurveyResponse")
    facility_model = apps.get_model("facilities", "Facility")
    today = today or date.today()
    active = Q(active_from__lte=today) & (Q(active_to__isnull=True) | Q(active_to__gte=today))
    serving = (
        commune_model.objects.visible_to(user)
        .filter(valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .filter(collaborator__in=collaborator_model.objects.filter(active))
    )
    absorbed = Succession.objects.filter(successor_id=OuterRef(OuterRef("pk"))).values("predecessor_id")
    communes = AdminUnit.objects.communes().valid_on(area.boundaries)
    if not area.national:
        communes = communes.filter(province_id__in=area.report_area.province_ids)
    counts = communes.order_by().aggregate(
        total=Count("pk"),
        covered=Count(
            "pk",
            filter=Exists(serving.filter(commune_id=OuterRef("pk")))
            | Exists(serving.filter(commune_id__in=absorbed)),
        ),
    )
    collaborators = area.restrict(collaborator_model.objects.visible_to(user)).filter(active).count()
    facilities = area.restrict(facility_model.objects.visible_to(user)).count()
    surveys = area.restrict(response_model.objects.visible_to(user)).aggregate(
        count=Count("pk"), last=Max("captured_at")
    )
    province = {} if area.national else {"province": area.province.pk}
    return {
        "communes": counts["total"],
        "covered": counts["covered"],
        "uncovered": counts["total"] - counts["covered"],
        "pct": (Decimal(counts["covered"] * 100) / counts["total"]).quantize(TWO)
        if counts["total"]
        else None,
        "collaborators": collaborators,
        "facilities": facilities,
        "facilities_per_collaborator": (Decimal(facilities) / collaborators).quantize(Decimal("0.1"))
        if collaborators
        else None,
        "surveys": surveys["count"],
        "last_survey": surveys["last"],
        "coverage_href": link("surveys:home", **province),
        "collaborators_href": link("surveys:collaborator-list", active="true", **province),
        "surveys_href": link("surveys:response-list", **province),
        "facilities_href": link("facilities:list", area),
    }


def recommendations(area, user, today=None):
    """Inspection recommendations (kiến nghị) and local proposals in the area: open ones by status and
    the overdue ones (deadline passed, not closed), each linked to the recommendation list.

    Returns None while `khuyencong.inspections` is not installed; the template then omits the section.
    """
    if not apps.is_installed("khuyencong.inspections"):
        return None
    from khuyencong.inspections.models import OPEN_RECOMMENDATION_STATES, Recommendation

    today = today or date.today()
    records = area.restrict(Recommendation.objects.visible_to(user))
    open_states = [str(state) for state in OPEN_RECOMMENDATION_STATES]
    grouped = {
        row["status"]: row["count"] for row in records.values("status").annotate(count=Count("pk")).order_by()
    }
    overdue = records.overdue(today).count()
    labels = dict(Recommendation._meta.get_field("status").choices)
    rows = [
        {
            "status": state,
            "label": labels.get(state, state),
            "count": grouped.get(state, 0),
            "href": link("inspections:recommendation-list", area, status=state),
        }
        for state in open_states
    ]
    return {
        "open": sum(row["count"] for row in rows),
        "by_status": rows,
        "overdue": overdue,
        "overdue_href": link("inspections:recommendation-list", area, overdue="true"),
        "href": link("inspections:recommendation-list", area),
    }


def build(area, user, year=None, today=None):
    """The whole dashboard for `area` as `user` sees it; `year` limits the promotion figures."""
    return {
        "area": area.as_json(),
        "clusters": cluster_section(area, user),
        "promotion": promotion_section(area, user, year, today),
        "provinces": by_province(area, user, year, today),
        "collaborators": collaborator_coverage(area, user, today),
        "recommendations": recommendations(area, user, today),
        "points": map_points(area, user),
    }


def _short(label, length=40):
    """A long content-category name cut for a chart axis (the table next to it has the full name)."""
    text = str(label)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def charts(data):
    """Chart.js-ready data of the dashboard's charts (read by static/js/dashboard.js via json_script).

    Each chart repeats figures that the page also shows as a table with links.
    """
    clusters, promotion = data["clusters"], data["promotion"]
    return {
        "cluster-status": {
            "type": "doughnut",
            "labels": [str(row["label"]) for row in clusters["by_status"]],
            "datasets": [
                {
                    "label": str(_("Clusters")),
                    "data": [row["count"] for row in clusters["by_status"]],
                    "backgroundColor": [row["colour"] for row in clusters["by_status"]],
                }
            ],
            "links": [row["href"] for row in clusters["by_status"]],
        },
        "cluster-occupancy": {
            "type": "bar",
            "labels": [str(row["label"]) for row in clusters["occupancy"]["buckets"]],
            "datasets": [
                {
                    "label": str(_("Clusters")),
                    "data": [row["count"] for row in clusters["occupancy"]["buckets"]],
                    "backgroundColor": "#1e88e5",
                }
            ],
            "links": [row["href"] for row in clusters["occupancy"]["buckets"]],
        },
        "promotion-money": {
            "type": "bar",
            "labels": [str(row["year"]) for row in promotion["by_year"]],
            "datasets": [
                {
                    "label": str(label),
                    "data": [_million(row[key]) for row in promotion["by_year"]],
                    "backgroundColor": colour,
                }
                for key, label, colour in (
                    ("budget_vnd", _("Plan budget assigned"), "#90caf9"),
                    ("support_vnd", _("State support of đề án carried out"), "#1e88e5"),
                    ("disbursed_vnd", _("Disbursed"), "#fb8c00"),
                    ("settled_vnd", _("Settled"), "#2e7d32"),
                )
            ],
            "links": [row["href"] for row in promotion["by_year"]],
            "unit": str(_("million VND")),
        },
        "promotion-status": {
            "type": "bar",
            "indexAxis": "y",
            "labels": [str(row["label"]) for row in promotion["by_status"]],
            "datasets": [
                {
                    "label": str(_("Đề án")),
                    "data": [row["count"] for row in promotion["by_status"]],
                    "backgroundColor": "#3949ab",
                }
            ],
            "links": [row["href"] for row in promotion["by_status"]],
        },
        "promotion-category": {
            "type": "bar",
            "indexAxis": "y",
            "labels": [_short(row["label"]) for row in promotion["by_category"]],
            "datasets": [
                {
                    "label": str(_("Đề án")),
                    "data": [row["count"] for row in promotion["by_category"]],
                    "backgroundColor": "#26a69a",
                }
            ],
            "links": [row["href"] for row in promotion["by_category"]],
        },
    }
