"""The cluster report (DESIGN §5, issue 3): planned, established, detailed plans, operating, occupancy.

Every figure is computed from individual records: each cluster's decisions dated on or before
`as_of` (clusters.services.state_as_of), its investor assignment on that day and its newest land
record on or before it. Nothing is read from stored totals. JSON keys are documented in docs/reports.md.
"""

from collections import Counter
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from khuyencong.clusters import services
from khuyencong.clusters.choices import ClusterStatus, DecisionKind, InvestorKind
from khuyencong.clusters.models import Cluster, ClusterDecision, ClusterInvestorAssignment, LandRecord
from khuyencong.core.formatting import vn_area, vn_date, vn_number
from khuyencong.core.text import fold, in_sentence

TWO = Decimal("0.01")


def _ha(value):
    """Hectares as a JSON number with two decimals (Decimal internally, float only at the edge)."""
    return float(Decimal(value or 0).quantize(TWO))


class _Named:
    """An organisation as the report uses it: its name (str() of an Organisation is its name)."""

    __slots__ = ("pk", "name")

    def __init__(self, pk, name):
        self.pk, self.name = pk, name

    def __str__(self):
        return self.name


class _Cluster:
    """What `services.state_as_of` and `services.investor_as_of` read of a cluster."""

    __slots__ = (
        "pk",
        "code",
        "name",
        "is_legacy",
        "planned_area_ha",
        "investor",
        "investor_kind",
        "status_override",
    )


class _Decision:
    """What `services.state_as_of` and this report read of a decision (`issuer` as the model computes it)."""

    __slots__ = ("pk", "kind", "issued_on", "area_ha", "number", "issuer")


class _Assignment:
    """What `services.investor_as_of` reads of an investor assignment; `covers` is the model's own rule."""

    __slots__ = ("pk", "since", "until", "kind", "investor")
    covers = ClusterInvestorAssignment.covers


class _Land:
    __slots__ = ("industrial_land_ha", "leased_ha")

    def __init__(self, industrial, leased):
        self.industrial_land_ha, self.leased_ha = industrial, leased


def _load(area, as_of, user):
    """The clusters of the report with their decisions, assignments and newest land record, in four
    queries of plain values (no model instances: 2,500 clusters nationally, docs/performance.md). The
    state rules themselves stay in `clusters.services`; they get objects with the same attributes."""
    queryset = Cluster.objects.all() if user is None else Cluster.objects.visible_to(user)
    queryset = queryset.filter(province_id__in=area.province_ids)
    land = LandRecord.objects.filter(cluster=OuterRef("pk"), period_end__lte=as_of).order_by(
        "-period_end", "-pk"
    )
    organisations = {}

    def organisation(pk, name):
        if pk is None:
            return None
        found = organisations.get(pk)
        if found is None:
            found = organisations[pk] = _Named(pk, name)
        return found

    clusters = {}
    for (
        pk,
        code,
        name,
        is_legacy,
        planned,
        investor_id,
        investor_name,
        investor_kind,
        override,
        land_id,
        industrial,
        leased,
    ) in queryset.annotate(
        land_id=Subquery(land.values("pk")[:1]),
        land_industrial=Subquery(land.values("industrial_land_ha")[:1]),
        land_leased=Subquery(land.values("leased_ha")[:1]),
    ).values_list(
        "pk",
        "code",
        "name",
        "is_legacy",
        "planned_area_ha",
        "investor_id",
        "investor__name",
        "investor_kind",
        "status_override",
        "land_id",
        "land_industrial",
        "land_leased",
    ):
        cluster = _Cluster()
        cluster.pk, cluster.code, cluster.name, cluster.is_legacy = pk, code, name, is_legacy
        cluster.planned_area_ha, cluster.investor_kind, cluster.status_override = (
            planned,
            investor_kind,
            override,
        )
        cluster.investor = organisation(investor_id, investor_name)
        land_record = _Land(industrial, leased) if land_id is not None else None
        clusters[pk] = (cluster, [], [], land_record)
    ids = queryset.values("pk")
    decisions = ClusterDecision.objects.filter(cluster__in=ids, issued_on__lte=as_of).values_list(
        "cluster_id",
        "pk",
        "kind",
        "issued_on",
        "area_ha",
        "number",
        "issuing_body_id",
        "issuing_body__name",
        "issuing_body_name",
    )
    for (
        cluster_id,
        pk,
        kind,
        issued_on,
        area_ha,
        number,
        body_id,
        body_name,
        body_text,
    ) in decisions.order_by():
        decision = _Decision()
        decision.pk, decision.kind, decision.issued_on, decision.area_ha = pk, kind, issued_on, area_ha
        decision.number = number
        decision.issuer = body_name if body_id else body_text
        clusters[cluster_id][1].append(decision)
    assignments = ClusterInvestorAssignment.objects.filter(cluster__in=ids).values_list(
        "cluster_id", "pk", "since", "until", "kind", "investor_id", "investor__name"
    )
    for cluster_id, pk, since, until, kind, investor_id, investor_name in assignments.order_by():
        assignment = _Assignment()
        assignment.pk, assignment.since, assignment.until, assignment.kind = pk, since, until, kind
        assignment.investor = organisation(investor_id, investor_name)
        clusters[cluster_id][2].append(assignment)
    return clusters.values()


def _by_date(rows, kind):
    """Rows in the order their first decision of `kind` was issued (the order a report lists them)."""
    return sorted(rows, key=lambda r: r["first"].get(kind) or date.max)


def _group(rows, area_key):
    rows = list(rows)
    return {
        "count": len(rows),
        "area_ha": _ha(sum((r[area_key] or Decimal(0) for r in rows), Decimal(0))),
        "names": [r["name"] for r in rows],
    }


def build(area, *, as_of, user=None):
    """The report for `area` (reports.common.ReportArea) as of `as_of`, for `user` (None = everything)."""
    rows = []
    loaded = sorted(_load(area, as_of, user), key=lambda item: (fold(item[0].name), item[0].pk))
    for cluster, decisions, assignments, land in loaded:
        state = services.state_as_of(cluster, decisions, as_of)
        investor, investor_kind = services.investor_as_of(cluster, assignments, as_of)
        first = {}
        for decision in decisions:
            if decision.kind not in first or decision.issued_on < first[decision.kind]:
                first[decision.kind] = decision.issued_on
        rows.append(
            {
                "id": cluster.pk,
                "code": cluster.code,
                "name": cluster.name,
                "status": state.status,
                "state": state,
                "planned_area": state.planned_area_ha,
                "established_area": state.established_area_ha,
                "detailed_plan_area": state.detailed_plan_area_ha,
                "operating_area": state.established_area_ha or state.planned_area_ha,
                "investor": investor,
                "investor_kind": investor_kind,
                "land": land,
                "manual_status": cluster.status_override,
                "first": first,
            }
        )

    planned = [r for r in rows if r["state"].in_plan]
    established = _by_date([r for r in rows if r["state"].established], DecisionKind.ESTABLISHMENT)
    detailed = _by_date([r for r in rows if r["state"].detailed_plan], DecisionKind.DETAILED_PLAN)
    operating = [r for r in rows if r["state"].operating]
    calling = [r for r in planned if r["investor"] is None and not r["state"].established]
    kinds = Counter(r["investor_kind"] for r in detailed)
    plan_decisions = sorted(
        {(d.number, d.issued_on, d.issuer) for r in planned for d in r["state"].plan_decisions},
        key=lambda item: (item[1], item[0]),
    )
    lands = [r["land"] for r in rows if r["land"] is not None and r["state"].established]
    industrial = sum((land.industrial_land_ha for land in lands), Decimal(0))
    leased = sum((land.leased_ha for land in lands), Decimal(0))

    detailed_group = _group(detailed, "detailed_plan_area")
    detailed_group["investor_kinds"] = {kind.value: kinds.get(kind.value, 0) for kind in InvestorKind}
    detailed_group["investors"] = [
        {
            "cluster": r["name"],
            "investor": str(r["investor"]) if r["investor"] else None,
            "kind": r["investor_kind"],
        }
        for r in detailed
    ]
    detailed_group["without_establishment"] = [
        r["name"] for r in detailed if "detailed_plan_without_establishment" in r["state"].anomalies
    ]
    by_status = Counter(r["status"] for r in rows)
    return {
        "province": area.as_json(),
        "as_of": as_of.isoformat(),
        "restricted_to_user": user is not None,
        "planned": {
            **_group(planned, "planned_area"),
            "plan_decisions": [
                {"number": number, "issued_on": day.isoformat(), "issuer": issuer}
                for number, day, issuer in plan_decisions
            ],
        },
        "established": _group(established, "established_area"),
        "detailed_plan_approved": detailed_group,
        "operating": _group(operating, "operating_area"),
        "calling_investment": {"count": len(calling), "names": [r["name"] for r in calling]},
        "by_status": {
            status.value: by_status.get(status.value, 0)
            for status in ClusterStatus
            if by_status.get(status.value)
        },
        "manual_status": [
            {"name": r["name"], "status": r["manual_status"]} for r in rows if r["manual_status"]
        ],
        "industrial_land_ha": _ha(industrial),
        "leased_ha": _ha(leased),
        "occupancy_pct": float((leased * 100 / industrial).quantize(TWO)) if industrial else None,
        "clusters": [
            {
                "id": r["id"],
                "code": r["code"],
                "name": r["name"],
                "status": r["status"],
                "planned_area_ha": _ha(r["planned_area"]) if r["planned_area"] is not None else None,
                "established_area_ha": _ha(r["established_area"])
                if r["established_area"] is not None
                else None,
                "investor_kind": r["investor_kind"],
            }
            for r in rows
        ],
    }


def _names(names):
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " và " + names[-1]


def _ha_text(value):
    return vn_area(Decimal(str(value)), None)


def to_text(data):
    """A Vietnamese paragraph in the style of the seed report (Đắk Nông, 16/05/2025)."""
    province = data["province"]
    where = f"trên địa bàn {in_sentence(province['full_name'])}"
    parts = []
    planned = data["planned"]
    intro = f"Tính đến ngày {vn_date(_day(data['as_of']))}"
    if planned["plan_decisions"] and province["code"] != "VN":
        first = planned["plan_decisions"][0]
        issuer = f" của {first['issuer']}" if first["issuer"] else ""
        intro += f", theo Quyết định số {first['number']} ngày {vn_date(_day(first['issued_on']))}{issuer}"
    if planned["count"]:
        parts.append(
            f"{intro}, {where} quy hoạch {vn_number(planned['count'])} cụm công nghiệp, "
            f"với tổng diện tích {_ha_text(planned['area_ha'])}."
        )
    else:
        parts.append(f"{intro}, {where} chưa có cụm công nghiệp nào trong quy hoạch.")
    established = data["established"]
    if established["count"]:
        sentence = f"Hiện {where} có {vn_number(established['count'])} cụm công nghiệp đã được thành lập"
        if established["count"] <= 5:
            sentence += f", gồm cụm công nghiệp {_names(established['names'])}"
        sentence += f" với tổng diện tích là {_ha_text(established['area_ha'])}"
    else:
        sentence = f"Hiện {where} chưa có cụm công nghiệp nào được thành lập"
    detailed = data["detailed_plan_approved"]
    if detailed["count"]:
        sentence += (
            f"; {vn_number(detailed['count'])} cụm được phê duyệt quy hoạch chi tiết với tổng diện tích là "
            f"{_ha_text(detailed['area_ha'])}"
        )
    else:
        sentence += "; chưa có cụm nào được phê duyệt quy hoạch chi tiết"
    kinds = detailed["investor_kinds"]
    enterprises = kinds.get("enterprise", 0) + kinds.get("foreign_enterprise", 0)
    publics = [i["investor"] for i in detailed["investors"] if i["kind"] == InvestorKind.PUBLIC_UNIT]
    clauses = []
    if enterprises:
        clauses.append(f"{enterprises} cụm do doanh nghiệp làm chủ đầu tư kinh doanh hạ tầng")
    if publics:
        who = _names(sorted(set(publics))) if len(set(publics)) <= 2 else "đơn vị sự nghiệp công lập"
        clauses.append(f"{len(publics)} cụm do {who} làm chủ đầu tư")
    if kinds.get("none"):
        clauses.append(f"{kinds['none']} cụm chưa có chủ đầu tư")
    if clauses:
        sentence += ", trong đó " + " và ".join(clauses)
    if data["calling_investment"]["count"]:
        sentence += ", các cụm công nghiệp còn lại đang kêu gọi đầu tư kinh doanh hạ tầng"
    parts.append(sentence + ".")
    if data["operating"]["count"]:
        names = data["operating"]["names"]
        listed = f" ({_names(names)})" if len(names) <= 5 else ""
        parts.append(
            f"Có {vn_number(data['operating']['count'])} cụm công nghiệp đã đi vào hoạt động{listed}."
        )
    if data["occupancy_pct"] is not None:
        parts.append(
            f"Tỷ lệ lấp đầy bình quân của các cụm đã thành lập là {vn_number(data['occupancy_pct'], 2)} % "
            f"({_ha_text(data['leased_ha'])} đất công nghiệp đã cho thuê "
            f"trên {_ha_text(data['industrial_land_ha'])})."
        )
    if province["successors"]:
        successors = _names(s["full_name"] for s in province["successors"])
        parts.append(f"({province['full_name']} nay thuộc {in_sentence(successors)}.)")
    return " ".join(parts)


def _day(text):
    return date.fromisoformat(text)
