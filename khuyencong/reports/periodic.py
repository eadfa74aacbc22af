"""The periodic report forms filled from the records: Biểu 01–04 (TT 14/2024) and khuyến công results.

Each `build_*` returns plain JSON data (numbers as JSON numbers, dates as ISO text) so that a submission can
store it and freeze it when accepted. Figures are computed from individual records as of the period's end:
cluster states from their decisions (reports.cluster_report), land from the newest land record, tenants'
capital, workers, revenue and budget contribution from their own periodic reports (Biểu 01) of the period.
Money is shown in triệu đồng, area in hectares.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum

from khuyencong.clusters.choices import InfrastructureKind, InfrastructureState, TenantStatus
from khuyencong.clusters.models import Cluster, InfrastructureItem, LandRecord, TenantProject, TenantReport
from khuyencong.core.formatting import vnd_to_million
from khuyencong.programs.choices import APPROVED_STATES, Level, PaymentKind, Status
from khuyencong.programs.models import Payment, Project

from . import cluster_report, promotion_report
from .periods import ReportForm

TWO = Decimal("0.01")
LIVE_TENANTS = ~Q(status=TenantStatus.TERMINATED)


def _ha(value):
    return float(Decimal(value or 0).quantize(TWO))


def _million(vnd):
    value = vnd_to_million(vnd or 0)
    return int(value) if value == value.to_integral_value() else float(value)


def _tenant_rows(cluster_ids, period):
    """Per tenant project of these clusters registered by the period's end: its Biểu 01 figures."""
    tenants = (
        TenantProject.objects.filter(cluster_id__in=cluster_ids)
        .filter(Q(registered_on__isnull=True) | Q(registered_on__lte=period.end))
        .select_related("investor")
        .order_by("cluster_id", "name", "pk")
    )
    latest = {}
    reports = TenantReport.objects.filter(
        tenant__cluster_id__in=cluster_ids, period_end__gte=period.start, period_end__lte=period.end
    ).order_by("tenant_id", "-period_end")
    for report in reports:
        latest.setdefault(report.tenant_id, report)
    rows = []
    for tenant in tenants:
        report = latest.get(tenant.pk)
        status = report.status if report else tenant.status
        rows.append(
            {
                "cluster_id": tenant.cluster_id,
                "project": tenant.name,
                "investor": tenant.investor_display,
                "industry": tenant.industry,
                "leased_area_ha": _ha(tenant.leased_area_ha),
                "registered_capital_million_vnd": _million(tenant.registered_capital_vnd),
                "realised_capital_million_vnd": _million(
                    report.realised_capital_vnd
                    if report and report.realised_capital_vnd
                    else tenant.realised_capital_vnd
                ),
                "workers": (report.workers if report and report.workers is not None else tenant.workers) or 0,
                "revenue_million_vnd": _million(report.revenue_vnd) if report else 0,
                "budget_contribution_million_vnd": _million(report.budget_contribution_vnd) if report else 0,
                "status": status,
                "reported": report is not None,
            }
        )
    return rows


def _sum(rows, key):
    total = sum(Decimal(str(r[key])) for r in rows)
    return int(total) if total == total.to_integral_value() else float(total)


def _infrastructure(cluster_ids):
    items = defaultdict(dict)
    for item in InfrastructureItem.objects.filter(cluster_id__in=cluster_ids).order_by("pk"):
        items[item.cluster_id][item.kind] = item.state
    return items


def _cluster_rows(report, period, tenants):
    """Per cluster of the cluster report: state, land, occupancy, infrastructure and tenants."""
    ids = [c["id"] for c in report["clusters"]]
    infrastructure = _infrastructure(ids)
    lands = {}  # cluster id -> its newest land record by the period's end
    records = LandRecord.objects.filter(cluster_id__in=ids, period_end__lte=period.end)
    for record in records.order_by("cluster_id", "-period_end", "pk"):
        lands.setdefault(record.cluster_id, record)
    by_cluster = defaultdict(list)
    for row in tenants:
        by_cluster[row["cluster_id"]].append(row)
    rows = []
    for c in report["clusters"]:
        land = lands.get(c["id"])
        own = by_cluster[c["id"]]
        industrial = land.industrial_land_ha if land else None
        leased = land.leased_ha if land else None
        rows.append(
            {
                **c,
                "industrial_land_ha": _ha(industrial) if land else None,
                "leased_ha": _ha(leased) if land else None,
                "occupancy_pct": float((leased * 100 / industrial).quantize(TWO)) if industrial else None,
                "wastewater": infrastructure[c["id"]].get(
                    InfrastructureKind.WASTEWATER, InfrastructureState.NONE
                ),
                "infrastructure": infrastructure[c["id"]],
                "tenants": len([t for t in own if t["status"] != TenantStatus.TERMINATED]),
                "tenants_operating": len([t for t in own if t["status"] == TenantStatus.OPERATING]),
                "workers": sum(t["workers"] for t in own),
                "realised_capital_million_vnd": _sum(own, "realised_capital_million_vnd") if own else 0,
            }
        )
    return rows


def build_bieu04(area, period):
    """Biểu 04 — the province's clusters: totals and one row per cluster, as of the period's end."""
    report = cluster_report.build(area, as_of=period.end)
    tenants = _tenant_rows([c["id"] for c in report["clusters"]], period)
    clusters = _cluster_rows(report, period, tenants)
    live = [t for t in tenants if t["status"] != TenantStatus.TERMINATED]
    return {
        "form": ReportForm.BIEU_04.value,
        "period": period.as_json(),
        "province": area.as_json(),
        "totals": {
            "planned_count": report["planned"]["count"],
            "planned_area_ha": report["planned"]["area_ha"],
            "established_count": report["established"]["count"],
            "established_area_ha": report["established"]["area_ha"],
            "detailed_plan_count": report["detailed_plan_approved"]["count"],
            "detailed_plan_area_ha": report["detailed_plan_approved"]["area_ha"],
            "operating_count": report["operating"]["count"],
            "industrial_land_ha": report["industrial_land_ha"],
            "leased_ha": report["leased_ha"],
            "occupancy_pct": report["occupancy_pct"],
            "wastewater_operating": sum(
                1 for c in clusters if c["wastewater"] == InfrastructureState.OPERATING
            ),
            "tenants": len(live),
            "tenants_operating": sum(1 for t in live if t["status"] == TenantStatus.OPERATING),
            "workers": sum(t["workers"] for t in live),
            "registered_capital_million_vnd": _sum(live, "registered_capital_million_vnd") if live else 0,
            "realised_capital_million_vnd": _sum(live, "realised_capital_million_vnd") if live else 0,
            "revenue_million_vnd": _sum(live, "revenue_million_vnd") if live else 0,
            "budget_contribution_million_vnd": _sum(live, "budget_contribution_million_vnd") if live else 0,
        },
        "clusters": clusters,
        "text": cluster_report.to_text(report),
    }


def build_bieu03(area, period, commune):
    """Biểu 03 — the clusters of one commune (a cluster may span several communes)."""
    data = build_bieu04(area, period)
    # Clusters located in the commune or in any former commune it absorbed.
    ids = set(Cluster.objects.filter(communes__in=commune.all_predecessor_ids()).values_list("pk", flat=True))
    clusters = [c for c in data["clusters"] if c["id"] in ids]
    return {
        "form": ReportForm.BIEU_03.value,
        "period": data["period"],
        "province": data["province"],
        "commune": {"code": commune.code, "name": commune.full_name},
        "totals": {
            "count": len(clusters),
            "planned_area_ha": _ha(sum(Decimal(str(c["planned_area_ha"] or 0)) for c in clusters)),
            "tenants": sum(c["tenants"] for c in clusters),
            "workers": sum(c["workers"] for c in clusters),
        },
        "clusters": clusters,
    }


def build_bieu02(cluster, period):
    """Biểu 02 — one cluster's infrastructure project: area, land, occupancy, infrastructure, tenants."""
    from .common import ReportArea

    area = ReportArea(cluster.province, period.end, frozenset({cluster.province_id}))
    report = cluster_report.build(area, as_of=period.end)
    report["clusters"] = [c for c in report["clusters"] if c["id"] == cluster.pk]
    tenants = _tenant_rows([cluster.pk], period)
    row = _cluster_rows(report, period, tenants)[0]
    return {
        "form": ReportForm.BIEU_02.value,
        "period": period.as_json(),
        "cluster": row,
        "investor": str(cluster.investor) if cluster.investor_id else None,
    }


def build_bieu01(cluster, period):
    """Biểu 01 — the investment projects (tenants) of one cluster with their figures of the period."""
    tenants = _tenant_rows([cluster.pk], period)
    for row in tenants:
        row.pop("cluster_id")
    return {
        "form": ReportForm.BIEU_01.value,
        "period": period.as_json(),
        "cluster": {"id": cluster.pk, "code": cluster.code, "name": cluster.name},
        "projects": tenants,
        "totals": {
            "projects": len(tenants),
            "workers": sum(t["workers"] for t in tenants),
            "realised_capital_million_vnd": _sum(tenants, "realised_capital_million_vnd") if tenants else 0,
            "revenue_million_vnd": _sum(tenants, "revenue_million_vnd") if tenants else 0,
        },
    }


# Indicators of the khuyến công results report (DOMAIN §3.9), in the order a report lists them.
PROMOTION_INDICATORS = [
    ("approved", "đề án"),
    ("carried_out", "đề án"),
    ("stopped", "đề án"),
    ("approved_support_million_vnd", "triệu đồng"),
    ("disbursed_million_vnd", "triệu đồng"),
    ("settled_million_vnd", "triệu đồng"),
    ("disbursement_rate_pct", "%"),
    ("counterpart_million_vnd", "triệu đồng"),
    ("trainees", "người"),
    ("models_built", "mô hình"),
    ("machines", "máy móc, thiết bị"),
    ("products", "sản phẩm"),
    ("booths", "gian hàng"),
]


def build_promotion(area, period):
    """Khuyến công results of the plan year: indicators for the national and the local programme."""
    projects = Project.objects.filter(
        province_id__in=area.province_ids, plan_year=period.year, status__in=APPROVED_STATES
    )
    carried = ~Q(status=Status.STOPPED)
    rows = {
        row["level"]: row
        for row in projects.values("level").annotate(
            approved=Count("pk"),
            stopped=Count("pk", filter=Q(status=Status.STOPPED)),
            approved_support=Sum("state_support_vnd"),
            counterpart=Sum("counterpart_vnd", filter=carried),
            trainees=Sum("trainees", filter=carried),
            models_built=Sum("models_built", filter=carried),
            machines=Sum("machines", filter=carried),
            products=Sum("products", filter=carried),
            booths=Sum("booths", filter=carried),
        )
    }
    money = defaultdict(int)
    payments = (
        Payment.objects.filter(project__in=projects, paid_on__lte=period.end)
        .values("project__level", "kind")
        .annotate(total=Sum("amount_vnd"))
    )
    for row in payments:
        money[(row["project__level"], row["kind"])] += row["total"] or 0
    levels = {}
    for level in Level.values:
        row = rows.get(level, {})
        approved_vnd = row.get("approved_support") or 0
        disbursed = money[(level, PaymentKind.ADVANCE)] + money[(level, PaymentKind.DISBURSEMENT)]
        levels[level] = {
            "approved": row.get("approved", 0),
            "carried_out": row.get("approved", 0) - row.get("stopped", 0),
            "stopped": row.get("stopped", 0),
            "approved_support_million_vnd": _million(approved_vnd),
            "disbursed_million_vnd": _million(disbursed),
            "settled_million_vnd": _million(money[(level, PaymentKind.SETTLEMENT)]),
            "disbursement_rate_pct": float((Decimal(disbursed) * 100 / approved_vnd).quantize(TWO))
            if approved_vnd
            else None,
            "counterpart_million_vnd": _million(row.get("counterpart")),
            "trainees": row.get("trainees") or 0,
            "models_built": row.get("models_built") or 0,
            "machines": row.get("machines") or 0,
            "products": row.get("products") or 0,
            "booths": row.get("booths") or 0,
        }
    return {
        "form": ReportForm.PROMOTION.value,
        "period": period.as_json(),
        "province": area.as_json(),
        "indicators": [{"key": key, "unit": unit} for key, unit in PROMOTION_INDICATORS],
        **levels,
        "text": promotion_report.to_text(
            promotion_report.build(area, from_year=period.year, to_year=period.year)
        ),
    }


BUILDERS = {
    ReportForm.BIEU_04: build_bieu04,
    ReportForm.PROMOTION: build_promotion,
}


def build(form, area, period):
    """The figures of a province-level form (Biểu 04 or the khuyến công results) for `area` and `period`."""
    return BUILDERS[ReportForm(form)](area, period)


def headline(data):
    """The few totals that the submissions overview and the comparison with live figures show."""
    if data["form"] == ReportForm.PROMOTION:
        return {
            f"{level}.{key}": data[level][key]
            for level in Level.values
            for key, _unit in PROMOTION_INDICATORS
        }
    return dict(data["totals"])


def differences(frozen, live):
    """Totals whose live value differs from the frozen one: [{key, frozen, live}]."""
    old, new = headline(frozen), headline(live)
    keys = list(old) + [key for key in new if key not in old]
    return [
        {"key": key, "frozen": old.get(key), "live": new.get(key)}
        for key in keys
        if old.get(key) != new.get(key)
    ]
