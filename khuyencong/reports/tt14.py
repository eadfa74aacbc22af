# ruff: noqa: E501 - the lines of the forms are the appendix's text, one line each, kept whole for review
"""Biểu 01–04 of TT 14/2024/TT-BCT (Phụ lục I), line by line, and how each line gets its value.

Each form is the list of the appendix's lines (`Line`: number, label and unit as printed). A line's value
comes from one of:
- ENTERED: the filer states it (a project's revenue); the draft is prefilled from the records when they
  hold it (a tenant report, a land record) and the filer confirms or corrects it;
- RECORDS: the register (decisions, tenant projects) as of the period's end;
- COMPUTED: from other lines of the same form (occupancy = leased ÷ industrial land);
- BELOW: the sum of what the level below filed and the level of this form accepted: Biểu 03 adds up the
  accepted Biểu 01 and 02 of its commune, Biểu 04 the accepted Biểu 03 of its province. Such a line keeps
  how many reports it expected and how many it got; with none it is missing (None), never zero.

The figures are plain JSON (numbers as JSON numbers) so that a submission can freeze them when accepted.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from khuyencong.clusters.choices import ClusterKind, DecisionKind, InfrastructureState, InvestorKind
from khuyencong.clusters.choices import TenantStatus as TS

SECTION, ENTERED, RECORDS, COMPUTED, BELOW = "section", "entered", "records", "computed", "below"
DECIMAL, COUNT, FLAG = "decimal", "count", "flag"
TWO, THREE = Decimal("0.01"), Decimal("0.001")
BILLION = Decimal(1_000_000_000)


@dataclass(frozen=True)
class Line:
    no: str
    key: str
    label: str
    unit: str = ""
    source: str = ENTERED
    kind: str = DECIMAL
    # BELOW lines of Biểu 03: the (form, key) of the lines of Biểu 01 / 02 they add up; of Biểu 04: the
    # same key of Biểu 03.
    below: tuple = ()


TY = "Tỷ đồng"
BIEU01 = (
    Line("1", "revenue_billion_vnd", "Doanh thu của dự án trong kỳ báo cáo", TY),
    Line("2", "budget_billion_vnd", "Số nộp ngân sách nhà nước của dự án trong kỳ báo cáo", TY),
    Line(
        "3",
        "workers",
        "Tổng số lao động (có hợp đồng lao động) làm việc tại dự án trong kỳ báo cáo",
        "Người",
        kind=COUNT,
    ),
    Line(
        "4",
        "average_income_million_vnd",
        "Thu nhập bình quân người lao động của dự án trong kỳ báo cáo",
        "Triệu đồng/người/tháng",
    ),
)
BIEU02 = (
    Line(
        "1",
        "total_investment_billion_vnd",
        "Tổng mức đầu tư xây dựng hạ tầng kỹ thuật theo dự án đã được duyệt",
        TY,
    ),
    Line(
        "2",
        "invested_billion_vnd",
        "Tổng vốn đã đầu tư xây dựng hạ tầng kỹ thuật (tổng vốn lũy kế đã thanh toán)",
        TY,
    ),
    Line(
        "3",
        "industrial_land_ready_ha",
        "Diện tích đất công nghiệp của dự án đã xây dựng hạ tầng kỹ thuật (đủ điều kiện cho thuê)",
        "ha",
    ),
    Line("4", "leased_ha", "Diện tích đất công nghiệp của dự án đã cho thuê", "ha"),
    Line("5", "occupancy_pct", "Tỉ lệ lấp đầy của cụm công nghiệp", "%", COMPUTED),
    Line(
        "6",
        "tenant_projects",
        "Tổng số dự án đầu tư sản xuất kinh doanh đã thuê đất trong cụm công nghiệp",
        "Dự án",
        RECORDS,
        COUNT,
    ),
    Line(
        "7",
        "fdi_projects",
        "Số dự án đầu tư sản xuất kinh doanh có vốn đầu tư nước ngoài",
        "Dự án",
        RECORDS,
        COUNT,
    ),
    Line(
        "8",
        "operating_projects",
        "Số dự án đầu tư sản xuất kinh doanh đang hoạt động trong cụm công nghiệp",
        "Dự án",
        RECORDS,
        COUNT,
    ),
    Line(
        "9",
        "revenue_billion_vnd",
        "Doanh thu của dự án đầu tư xây dựng hạ tầng kỹ thuật cụm công nghiệp trong kỳ báo cáo",
        TY,
    ),
    Line(
        "10",
        "budget_billion_vnd",
        "Số nộp Ngân sách nhà nước của dự án đầu tư xây dựng hạ tầng kỹ thuật cụm công nghiệp trong kỳ "
        "báo cáo",
        TY,
    ),
    Line(
        "11",
        "workers",
        "Tổng số lao động (có hợp đồng lao động) làm việc tại dự án đầu tư xây dựng hạ tầng kỹ thuật cụm "
        "công nghiệp",
        "Người",
        kind=COUNT,
    ),
    Line(
        "12",
        "average_income_million_vnd",
        "Thu nhập bình quân người lao động của dự án đầu tư xây dựng hạ tầng kỹ thuật cụm công nghiệp "
        "trong kỳ báo cáo",
        "Triệu đồng/người/tháng",
    ),
    Line(
        "13",
        "wastewater_invested",
        "Cụm công nghiệp đã hoặc đang đầu tư hệ thống xử lý nước thải tập trung (đã hoặc đang đầu tư ghi "
        "1, chưa đầu tư ghi 0)",
        "Công trình",
        kind=FLAG,
    ),
    Line(
        "14",
        "wastewater_compliant",
        "Cụm công nghiệp có hệ thống xử lý nước thải tập trung đạt tiêu chuẩn môi trường (có ghi 1, không "
        "ghi 0)",
        "Công trình",
        kind=FLAG,
    ),
)
CUM = "Cụm"
# Biểu 03 (district, then commune) and Biểu 04 (province) have the same 27 lines (cumulative to the date).
BIEU0304 = (
    Line("I", "section_plan", "Phương án phát triển cụm công nghiệp", source=SECTION),
    Line("1", "planned_count", "Số lượng cụm công nghiệp theo phương án phát triển cụm công nghiệp", CUM, RECORDS, COUNT),
    Line("2", "planned_area_ha", "Tổng diện tích các cụm công nghiệp theo phương án phát triển cụm công nghiệp", "ha", RECORDS),
    Line("II", "section_establishment", "Thành lập, đầu tư xây dựng hạ tầng kỹ thuật cụm công nghiệp", source=SECTION),
    Line("3", "established_count", "Số lượng cụm công nghiệp đã thành lập", CUM, RECORDS, COUNT),
    Line("4", "established_area_ha", "Tổng diện tích các cụm công nghiệp đã thành lập", "ha", RECORDS),
    Line("5", "established_in_period_count", "Số lượng cụm công nghiệp đã thành lập trong kỳ báo cáo", CUM, RECORDS, COUNT),
    Line("6", "established_in_period_area_ha", "Tổng diện tích các cụm công nghiệp đã thành lập trong kỳ báo cáo", "ha", RECORDS),
    Line("7", "enterprise_investor_count", "Số lượng cụm công nghiệp do doanh nghiệp làm chủ đầu tư xây dựng hạ tầng kỹ thuật", CUM, RECORDS, COUNT),
    Line("8", "enterprise_investor_area_ha", "Tổng diện tích các cụm công nghiệp do doanh nghiệp làm chủ đầu tư xây dựng hạ tầng kỹ thuật", "ha", RECORDS),
    Line("9", "detailed_plan_count", "Số lượng cụm công nghiệp đã được phê duyệt quy hoạch chi tiết", CUM, RECORDS, COUNT),
    Line("10", "detailed_plan_area_ha", "Tổng diện tích các cụm công nghiệp đã được phê duyệt quy hoạch chi tiết", "ha", RECORDS),
    Line("11", "infrastructure_project_count", "Số lượng cụm công nghiệp đã được phê duyệt dự án đầu tư xây dựng hạ tầng kỹ thuật", CUM, RECORDS, COUNT),
    Line("12", "infrastructure_project_area_ha", "Tổng diện tích các cụm công nghiệp đã được phê duyệt dự án đầu tư xây dựng hạ tầng kỹ thuật", "ha", RECORDS),
    Line("13", "total_investment_billion_vnd", "Tổng vốn đầu tư xây dựng hạ tầng kỹ thuật của các cụm công nghiệp (tính theo dự án được phê duyệt)", TY, BELOW, below=(("bieu02", "total_investment_billion_vnd"),)),
    Line("14", "invested_billion_vnd", "Tổng vốn đã đầu tư xây dựng hạ tầng kỹ thuật của các cụm công nghiệp (tổng vốn lũy kế đã thanh toán)", TY, BELOW, below=(("bieu02", "invested_billion_vnd"),)),
    Line("III", "section_operation", "Hoạt động của các cụm công nghiệp", source=SECTION),
    Line("15", "operating_count", "Số lượng cụm công nghiệp đã hoạt động (đã có dự án đầu tư trong cụm): (15.1+15.2)", CUM, RECORDS, COUNT),
    Line("15.1", "operating_established_count", "Số lượng cụm công nghiệp hoạt động đã thành lập", CUM, RECORDS, COUNT),
    Line("15.2", "operating_unestablished_count", "Số lượng cụm công nghiệp hoạt động nhưng chưa thành lập", CUM, RECORDS, COUNT),
    Line("15.3", "operating_craft_village_count", "Số lượng cụm công nghiệp làng nghề đã hoạt động", CUM, RECORDS, COUNT),
    Line("15.4", "operating_specialised_count", "Số lượng cụm công nghiệp chuyên ngành đã hoạt động", CUM, RECORDS, COUNT),
    Line("16", "operating_area_ha", "Tổng diện tích các cụm công nghiệp đã hoạt động: (16.1+16.2)", "ha", RECORDS),
    Line("16.1", "operating_established_area_ha", "Tổng diện tích các cụm công nghiệp hoạt động đã thành lập", "ha", RECORDS),
    Line("16.2", "operating_unestablished_area_ha", "Tổng diện tích các cụm công nghiệp đã hoạt động nhưng chưa thành lập", "ha", RECORDS),
    Line("16.3", "operating_craft_village_area_ha", "Tổng diện tích các cụm công nghiệp làng nghề đã hoạt động", "ha", RECORDS),
    Line("16.4", "operating_specialised_area_ha", "Tổng diện tích các cụm công nghiệp chuyên ngành đã hoạt động", "ha", RECORDS),
    Line("17", "industrial_land_ha", "Tổng diện tích đất công nghiệp của các cụm công nghiệp đã hoạt động (tính theo quy hoạch chi tiết đã được duyệt)", "ha", BELOW, below=(("bieu02", "industrial_land_ready_ha"),)),
    Line("18", "leased_ha", "Tổng diện tích đất công nghiệp đã cho thuê tại các cụm công nghiệp", "ha", BELOW, below=(("bieu02", "leased_ha"),)),
    Line("19", "occupancy_pct", "Tỷ lệ lấp đầy bình quân của các cụm công nghiệp đã hoạt động", "%", COMPUTED),
    Line("20", "tenant_projects", "Tổng số dự án đầu tư sản xuất kinh doanh trong các cụm công nghiệp", "Dự án", BELOW, COUNT, (("bieu02", "tenant_projects"),)),
    Line("21", "fdi_projects", "Số dự án đầu tư sản xuất kinh doanh có vốn đầu tư nước ngoài trong các cụm công nghiệp", "Dự án", BELOW, COUNT, (("bieu02", "fdi_projects"),)),
    Line("22", "operating_projects", "Số dự án đầu tư sản xuất kinh doanh đang hoạt động trong các cụm công nghiệp", "Dự án", BELOW, COUNT, (("bieu02", "operating_projects"),)),
    Line("23", "revenue_billion_vnd", "Tổng doanh thu của các dự án đầu tư trong các cụm công nghiệp trong kỳ báo cáo", TY, BELOW, below=(("bieu01", "revenue_billion_vnd"),)),
    Line("24", "budget_billion_vnd", "Nộp ngân sách nhà nước của các dự án đầu tư trong các cụm công nghiệp trong kỳ báo cáo", TY, BELOW, below=(("bieu01", "budget_billion_vnd"),)),
    Line("25", "cluster_workers", "Tổng số lao động (có hợp đồng lao động) làm việc trong các cụm công nghiệp", "Người", BELOW, COUNT, (("bieu01", "workers"), ("bieu02", "workers"))),
    Line("26", "wastewater_invested", "Số cụm công nghiệp đã và đang đầu tư hệ thống xử lý nước thải tập trung", CUM, BELOW, COUNT, (("bieu02", "wastewater_invested"),)),
    Line("27", "wastewater_compliant", "Số cụm công nghiệp có hệ thống xử lý nước thải tập trung đạt tiêu chuẩn môi trường", CUM, BELOW, COUNT, (("bieu02", "wastewater_compliant"),)),
)  # fmt: skip
LINES = {"bieu01": BIEU01, "bieu02": BIEU02, "bieu03": BIEU0304, "bieu04": BIEU0304}


def entered_lines(form):
    return [line for line in LINES.get(str(form), ()) if line.source == ENTERED]


def _number(value, kind):
    """A JSON number of the line's kind: counts and flags as int, the rest with at most 3 decimals."""
    if value is None:
        return None
    value = Decimal(value)
    if kind in (COUNT, FLAG):
        return int(value)
    value = value.quantize(THREE).normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def parse_number(text):
    """A number typed the Vietnamese way (1.234,5) or the machine way (1234.5); None when blank."""
    text = str(text if text is not None else "").strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc


def clean_entries(form, raw):
    """({key: value}, {key: [message]}) of the figures the filer typed for `form`; blank is None."""
    values, errors = {}, {}
    for line in entered_lines(form):
        try:
            number = parse_number(raw.get(line.key))
        except ValueError:
            errors[line.key] = [_("%(field)s: enter a number, e.g. 12,5.") % {"field": line.label}]
            continue
        if number is None:
            values[line.key] = None
        elif number < 0:
            errors[line.key] = [_("%(field)s cannot be negative.") % {"field": line.label}]
        elif line.kind == FLAG and number not in (0, 1):
            errors[line.key] = [_("%(field)s: enter 1 (yes) or 0 (no).") % {"field": line.label}]
        elif line.kind == COUNT and number != number.to_integral_value():
            errors[line.key] = [_("%(field)s: enter a whole number.") % {"field": line.label}]
        else:
            values[line.key] = _number(number, line.kind)
    return values, errors


def missing_entries(form, entries):
    """The lines the filer must still state before submitting."""
    return [line for line in entered_lines(form) if entries.get(line.key) is None]


def _row(line, value, *, reported=None, expected=None):
    row = {"no": line.no, "key": line.key, "label": line.label, "unit": line.unit, "source": line.source}
    if line.source != SECTION:
        row["value"] = value
    if line.source == BELOW:
        row["reported"], row["expected"] = reported, expected
    return row


def _occupancy(leased, industrial):
    if leased is None or not industrial:
        return None
    return float((Decimal(str(leased)) * 100 / Decimal(str(industrial))).quantize(TWO))


def _billion(vnd):
    return None if vnd is None else _number(Decimal(vnd) / BILLION, DECIMAL)


# -- Biểu 01 and 02: one project, stated by its filer ---------------------------------------------------


def prefill_bieu01(tenant, period):
    """What the records already hold for a project's Biểu 01: its tenant report of the period."""
    from khuyencong.clusters.models import TenantReport

    report = (
        TenantReport.objects.filter(tenant=tenant, period_end__gte=period.start, period_end__lte=period.end)
        .order_by("-period_end")
        .first()
    )
    if report is None:
        return {"workers": tenant.workers}
    return {
        "revenue_billion_vnd": _billion(report.revenue_vnd),
        "budget_billion_vnd": _billion(report.budget_contribution_vnd),
        "workers": report.workers if report.workers is not None else tenant.workers,
    }


def build_bieu01(tenant, period, entries, receiver=None):
    """Biểu 01 of one investment project in a cluster: its four lines as its enterprise stated them."""
    cluster = tenant.cluster
    return {
        "form": "bieu01",
        "period": period.as_json(),
        "chain": period.chain.as_json(),
        "project": {
            "id": tenant.pk,
            "name": tenant.name,
            "investor": tenant.investor_display,
            "industry": tenant.industry,
            "leased_area_ha": _number(tenant.leased_area_ha, DECIMAL),
            "status": tenant.status,
        },
        "cluster": {"id": cluster.pk, "code": cluster.code, "name": cluster.name},
        "receiver": receiver,
        "rows": [_row(line, entries.get(line.key)) for line in BIEU01],
        "totals": {line.key: entries.get(line.key) for line in BIEU01},
    }


def _tenant_counts(cluster_ids, period):
    """{cluster id: (live projects, with foreign capital, operating)} as of the period's end."""
    from khuyencong.clusters.models import TenantProject, TenantReport

    # Each project's status in its newest report of the period, if any, in the same statement.
    reported = TenantReport.objects.filter(
        tenant=OuterRef("pk"), period_end__gte=period.start, period_end__lte=period.end
    ).order_by("-period_end", "-pk")
    tenants = list(
        TenantProject.objects.filter(cluster_id__in=cluster_ids)
        .filter(Q(registered_on__isnull=True) | Q(registered_on__lte=period.end))
        .exclude(status=TS.TERMINATED)
        .annotate(reported_status=Subquery(reported.values("status")[:1]))
        .values_list("pk", "cluster_id", "status", "investor__kind", "reported_status")
    )
    counts = defaultdict(lambda: [0, 0, 0])
    for _pk, cluster_id, status, investor_kind, reported_status in tenants:
        status = reported_status or status
        if status == TS.TERMINATED:
            continue
        counts[cluster_id][0] += 1
        counts[cluster_id][1] += investor_kind == "foreign_enterprise"
        counts[cluster_id][2] += status == TS.OPERATING
    return counts


def prefill_bieu02(cluster, period):
    """What the records already hold for a cluster's Biểu 02: its newest land record, its wastewater works."""
    from khuyencong.clusters.models import InfrastructureItem, LandRecord

    values = {}
    land = (
        LandRecord.objects.filter(cluster=cluster, period_end__lte=period.end).order_by("-period_end").first()
    )
    if land:
        values["industrial_land_ready_ha"] = _number(land.industrial_land_ha, DECIMAL)
        values["leased_ha"] = _number(land.leased_ha, DECIMAL)
    states = set(
        InfrastructureItem.objects.filter(cluster=cluster, kind="wastewater").values_list("state", flat=True)
    )
    if states:
        values["wastewater_invested"] = int(bool(states - {InfrastructureState.NONE}))
    return values


def build_bieu02(cluster, period, entries, receiver=None):
    """Biểu 02 of one cluster's infrastructure project: the 14 lines of the appendix (the investor states
    money, land, labour and wastewater; the projects in the cluster come from the register), and, beside the
    appendix, the infrastructure works on record (levelling, roads, power, water, wastewater…)."""
    from khuyencong.clusters.choices import InfrastructureKind
    from khuyencong.clusters.models import InfrastructureItem

    projects, foreign, operating = _tenant_counts([cluster.pk], period)[cluster.pk]
    values = {line.key: entries.get(line.key) for line in BIEU02 if line.source == ENTERED}
    values.update(tenant_projects=projects, fdi_projects=foreign, operating_projects=operating)
    values["occupancy_pct"] = _occupancy(values.get("leased_ha"), values.get("industrial_land_ready_ha"))
    items = InfrastructureItem.objects.filter(cluster=cluster).order_by("kind", "pk")
    return {
        "form": "bieu02",
        "period": period.as_json(),
        "chain": period.chain.as_json(),
        "cluster": {"id": cluster.pk, "code": cluster.code, "name": cluster.name},
        "investor": str(cluster.investor) if cluster.investor_id else None,
        "receiver": receiver,
        "rows": [_row(line, values.get(line.key)) for line in BIEU02],
        "totals": {line.key: values.get(line.key) for line in BIEU02},
        "infrastructure": [
            {
                "kind": item.kind,
                "label": str(InfrastructureKind(item.kind).label),
                "state": item.state,
                "capacity": _number(item.capacity, DECIMAL),
                "capacity_unit": item.capacity_unit,
                "note": item.note,
            }
            for item in items
        ],
    }


# -- Biểu 03 and 04: the register of the area, and what the level below filed --------------------------


def cluster_facts(area, period, kinds_of):
    """Per cluster of `area` as of the period's end: its state from the decisions (reports.cluster_report),
    its type (`kinds_of(ids)` → {id: ClusterKind}), whether its infrastructure project is approved, and its
    live projects."""
    from khuyencong.clusters.models import ClusterDecision

    from . import cluster_report

    rows = cluster_report._load(area, period.end, None)
    ids = [r.id for r in rows]
    kinds = kinds_of(ids)
    infrastructure = set(
        ClusterDecision.objects.filter(
            cluster_id__in=ids, kind=DecisionKind.INFRASTRUCTURE_PROJECT, issued_on__lte=period.end
        ).values_list("cluster_id", flat=True)
    )
    tenants = _tenant_counts(ids, period)
    facts = []
    for r in rows:
        first = r.first_establishment
        facts.append(
            {
                "id": r.id,
                "code": r.code,
                "name": r.name,
                "status": r.status,
                "in_plan": bool(r.in_plan),
                "planned_area": r.planned_area,
                "established": bool(r.established),
                "established_area": r.established_area,
                "established_in_period": bool(first) and period.start.isoformat() <= first <= period.end.isoformat(),
                "enterprise_investor": r.investor_kind in (InvestorKind.ENTERPRISE, InvestorKind.FOREIGN_ENTERPRISE),
                "detailed_plan": bool(r.detailed_plan),
                "detailed_plan_area": r.detailed_plan_area,
                "infrastructure_project": r.id in infrastructure,
                "craft_village": kinds.get(r.id) == ClusterKind.CRAFT_VILLAGE,
                "tenants": tenants[r.id][0] if r.id in tenants else 0,
                "operating_area": r.established_area or r.planned_area,
            }
        )  # fmt: skip
    return facts


def _area_sum(facts, key):
    return _number(sum((Decimal(f[key] or 0) for f in facts), Decimal(0)).quantize(TWO), DECIMAL)


def _records_values(facts):
    planned = [f for f in facts if f["in_plan"]]
    established = [f for f in facts if f["established"]]
    new = [f for f in established if f["established_in_period"]]
    enterprise = [f for f in established if f["enterprise_investor"]]
    detailed = [f for f in facts if f["detailed_plan"]]
    infrastructure = [f for f in facts if f["infrastructure_project"]]
    operating = [f for f in facts if f["tenants"]]
    op_established = [f for f in operating if f["established"]]
    op_other = [f for f in operating if not f["established"]]
    craft = [f for f in operating if f["craft_village"]]
    return {
        "planned_count": len(planned),
        "planned_area_ha": _area_sum(planned, "planned_area"),
        "established_count": len(established),
        "established_area_ha": _area_sum(established, "established_area"),
        "established_in_period_count": len(new),
        "established_in_period_area_ha": _area_sum(new, "established_area"),
        "enterprise_investor_count": len(enterprise),
        "enterprise_investor_area_ha": _area_sum(enterprise, "established_area"),
        "detailed_plan_count": len(detailed),
        "detailed_plan_area_ha": _area_sum(detailed, "detailed_plan_area"),
        "infrastructure_project_count": len(infrastructure),
        "infrastructure_project_area_ha": _area_sum(infrastructure, "operating_area"),
        "operating_count": len(operating),
        "operating_established_count": len(op_established),
        "operating_unestablished_count": len(op_other),
        "operating_craft_village_count": len(craft),
        # The register does not mark specialised clusters (≥ 60 % of industrial land for one industry):
        # missing, not zero.
        "operating_specialised_count": None,
        "operating_area_ha": _area_sum(operating, "operating_area"),
        "operating_established_area_ha": _area_sum(op_established, "operating_area"),
        "operating_unestablished_area_ha": _area_sum(op_other, "operating_area"),
        "operating_craft_village_area_ha": _area_sum(craft, "operating_area"),
        "operating_specialised_area_ha": None,
    }


def _below_value(line, filed, expected):
    """(value, reported, expected) of a BELOW line over the filed figures of the level below."""
    total, reported, count = Decimal(0), 0, 0
    for form, key in line.below:
        count += expected.get(form, 0)
        for totals in filed.get(form, ()):
            value = totals.get(key)
            if value is not None:
                total += Decimal(str(value))
                reported += 1
    if not reported:
        return None, 0, count
    return _number(total, line.kind), reported, max(count, reported)


def _build_0304(form, facts, filed, expected):
    values = _records_values(facts)
    rows = []
    below = {}
    for line in BIEU0304:
        if line.source == BELOW:
            # Biểu 03 adds up lines of Biểu 01 and 02; Biểu 04 the same line of the Biểu 03.
            sources = line if form == "bieu03" else Line(line.no, line.key, "", below=(("bieu03", line.key),))
            value, reported, count = _below_value(sources, filed, expected)
            values[line.key] = value
            below[line.key] = (reported, count)
    values["occupancy_pct"] = _occupancy(values["leased_ha"], values["industrial_land_ha"])
    for line in BIEU0304:
        reported, count = below.get(line.key, (None, None))
        rows.append(_row(line, values.get(line.key), reported=reported, expected=count))
    totals = {line.key: values.get(line.key) for line in BIEU0304 if line.source != SECTION}
    clusters = [
        {
            "id": f["id"],
            "code": f["code"],
            "name": f["name"],
            "status": f["status"],
            "planned_area_ha": _number(f["planned_area"], DECIMAL),
            "established_area_ha": _number(f["established_area"], DECIMAL),
            "tenants": f["tenants"],
        }
        for f in facts
    ]
    return rows, totals, clusters


def build_bieu03(area, period, unit, facts, filed, expected):
    """Biểu 03 of a local unit (a commune; a district before 1/7/2025): the register's lines over the
    clusters whose local unit it is (`facts`), the other lines from the Biểu 01 and 02 its People's Committee
    accepted (`filed`: {form: [totals]}, `expected`: {form: count})."""
    rows, totals, clusters = _build_0304("bieu03", facts, filed, expected)
    # Kept for the cross-checks of Form 04 against Forms 03 (reports.crosschecks): counts from the register.
    totals.update(
        count=len(facts), tenants=sum(f["tenants"] for f in facts), workers=totals["cluster_workers"] or 0
    )
    return {
        "form": "bieu03",
        "period": period.as_json(),
        "chain": period.chain.as_json(),
        "province": area.as_json(),
        "commune": {"code": unit.code, "name": unit.full_name, "level": unit.level},
        "filed_below": {form: len(items) for form, items in filed.items()},
        "expected_below": expected,
        "rows": rows,
        "totals": totals,
        "clusters": clusters,
    }


def build_bieu04(area, period, facts, filed, expected, text=""):
    """Biểu 04 of a province: the register's lines over its clusters, the other lines from the Biểu 03 the
    Sở accepted (`filed`: {"bieu03": [totals]}, `expected`: {"bieu03": count})."""
    rows, totals, clusters = _build_0304("bieu04", facts, filed, expected)
    totals.update(tenants=sum(f["tenants"] for f in facts), workers=totals["cluster_workers"] or 0)
    return {
        "form": "bieu04",
        "period": period.as_json(),
        "chain": period.chain.as_json(),
        "province": area.as_json(),
        "filed_below": {form: len(items) for form, items in filed.items()},
        "expected_below": expected,
        "rows": rows,
        "totals": totals,
        "clusters": clusters,
        "text": text,
    }
