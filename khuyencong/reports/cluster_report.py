"""The cluster report (DESIGN §5, issue 3): planned, established, detailed plans, operating, occupancy.

Every figure is computed from individual records: each cluster's decisions dated on or before
`as_of` (clusters.services.state_as_of), its investor assignment on that day and its newest land
record on or before it. The one thing stored is each cluster's summary (Cluster.summary: what
state_as_of and investor_as_of say for every day from its last decision or investor change on, kept by
clusters.services and cleared by any other write), read instead of the decisions when it holds on
`as_of`; no totals are stored. JSON keys are documented in docs/reports.md.
"""

from collections import Counter
from datetime import date
from decimal import Decimal

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from khuyencong.accounts.models import Organisation
from khuyencong.clusters import services
from khuyencong.clusters.choices import PLAN_KINDS, ClusterStatus, DecisionKind, InvestorKind
from khuyencong.clusters.models import Cluster, ClusterDecision, ClusterInvestorAssignment, LandRecord
from khuyencong.core.formatting import vn_area, vn_date, vn_number
from khuyencong.core.text import fold, in_sentence
from khuyencong.geography.models import AdminUnit

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


class _Row:
    """One cluster of the report: its state on the day, investor, land, first dates and plan decisions."""

    __slots__ = (
        "id",
        "code",
        "name",
        "status",
        "in_plan",
        "planned_area",
        "established",
        "established_area",
        "detailed_plan",
        "detailed_plan_area",
        "operating",
        "without_establishment",
        "first_establishment",  # ISO day of the first establishment decision (the order of the lists)
        "first_detailed_plan",
        "plan_decisions",  # [(number, day, issuer)]
        "investor",
        "investor_kind",
        "industrial",  # newest land record on or before the day: industrial land, leased (None: no record)
        "leased",
        "manual_status",
        "sort_key",
        "province_id",
    )

    @property
    def operating_area(self):
        return self.established_area or self.planned_area


def _area(text):
    return None if text is None else Decimal(text)


def _load(area, as_of, user):
    """The `_Row`s of the clusters of the report, from plain values (no model instances: 2,500 clusters
    nationally, docs/performance.md), in the report's order (folded name, id).

    A cluster whose stored summary holds on `as_of` (`services.summary_holds`: the day is on or after
    its last decision and investor change, as for any report as of today) is read from it; the others
    get their decisions and assignments (dated on or before `as_of`) and `services.state_as_of` /
    `investor_as_of` derive them. The rules stay in `clusters.services` either way."""
    queryset = Cluster.objects.all() if user is None else Cluster.objects.visible_to(user)
    queryset = queryset.filter(province_id__in=area.province_ids)
    day = as_of.isoformat()
    organisations = {}

    def organisation(pk, name):
        if pk is None:
            return None
        found = organisations.get(pk)
        if found is None:
            found = organisations[pk] = _Named(pk, name)
        return found

    lands = _newest_land(queryset, as_of)
    rows, summaries, derive = [], {}, {}
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
        summary,
        search_text,
        province_id,
    ) in queryset.values_list(
        "pk",
        "code",
        "name",
        "is_legacy",
        "planned_area_ha",
        "investor_id",
        "investor__name",
        "investor_kind",
        "status_override",
        "summary",
        "search_text",
        "province_id",
    ):
        row = _Row()
        row.id, row.code, row.name, row.manual_status = pk, code, name, override
        row.province_id = province_id
        # The order of the lists is fold(name): the model stores it first in search_text (Cluster.save).
        row.sort_key = fold(name) if "|" in name else search_text.partition(" | ")[0]
        row.industrial, row.leased = lands.get(pk, (None, None))
        rows.append(row)
        current = organisation(investor_id, investor_name)
        if services.summary_holds(summary, day):
            summaries[pk] = (row, summary)
            continue
        cluster = _Cluster()
        cluster.pk, cluster.code, cluster.name, cluster.is_legacy = pk, code, name, is_legacy
        cluster.planned_area_ha, cluster.investor_kind, cluster.status_override = (
            planned,
            investor_kind,
            override,
        )
        cluster.investor = current
        derive[pk] = (row, cluster)

    plan_decisions = _plan_decisions(queryset, as_of, summaries)
    missing = {s[14] for _row, s in summaries.values() if s[14] is not None and s[14] not in organisations}
    for pk, name in Organisation.objects.filter(pk__in=missing).values_list("pk", "name"):
        organisation(pk, name)
    for pk, (row, summary) in summaries.items():
        (
            _version,
            _from,
            row.status,
            row.in_plan,
            planned,
            row.established,
            established,
            row.detailed_plan,
            detailed,
            row.operating,
            anomalies,
            row.first_establishment,
            row.first_detailed_plan,
            plans,
            investor,
            row.investor_kind,
        ) = summary
        if not all(d in plan_decisions for d in plans):  # not plan decisions any more: derive it
            derive[pk] = (row, _cluster_of(pk))
            continue
        row.planned_area, row.established_area, row.detailed_plan_area = (
            _area(planned),
            _area(established),
            _area(detailed),
        )
        row.without_establishment = "detailed_plan_without_establishment" in anomalies
        row.plan_decisions = [plan_decisions[d] for d in plans]
        row.investor = organisations.get(investor)

    if derive:
        # Every cluster derived (a report as of an earlier day): by the area, not by thousands of ids.
        found = _derive(queryset if len(derive) == len(rows) else list(derive), as_of, organisation)
        for pk, (row, cluster) in derive.items():
            decisions, assignments = found.get(pk, ((), ()))
            _derived_row(row, cluster, decisions, assignments, as_of)
    rows.sort(key=lambda row: (row.sort_key, row.id))
    return rows


def _newest_land(queryset, as_of):
    """{cluster id: (industrial land, leased)} of each cluster's newest land record on or before `as_of`
    (latest period end, then latest id), in one query: a window over the records, not one lookup each."""
    newest = Window(
        RowNumber(), partition_by=F("cluster_id"), order_by=[F("period_end").desc(), F("pk").desc()]
    )
    records = (
        LandRecord.objects.filter(cluster__in=queryset.values("pk"), period_end__lte=as_of)
        .annotate(newest=newest)
        .filter(newest=1)
        .values_list("cluster_id", "industrial_land_ha", "leased_ha")
        .order_by()
    )
    return {cluster_id: (industrial, leased) for cluster_id, industrial, leased in records}


def _cluster_of(pk):
    """A `_Cluster` read again (the rare cluster whose summary names a decision of another kind)."""
    cluster = _Cluster()
    values = Cluster.objects.values_list(
        "pk", "code", "name", "is_legacy", "planned_area_ha", "investor_kind", "status_override"
    ).get(pk=pk)
    (
        cluster.pk,
        cluster.code,
        cluster.name,
        cluster.is_legacy,
        cluster.planned_area_ha,
        cluster.investor_kind,
        cluster.status_override,
    ) = values
    investor = Cluster.objects.filter(pk=pk).values_list("investor_id", "investor__name").get()
    cluster.investor = _Named(*investor) if investor[0] is not None else None
    return cluster


def _derived_row(row, cluster, decisions, assignments, as_of):
    """Fill `row` from `clusters.services`, as of `as_of`."""
    state = services.state_as_of(cluster, decisions, as_of)
    row.status, row.in_plan, row.established = state.status, state.in_plan, state.established
    row.detailed_plan, row.operating = state.detailed_plan, state.operating
    row.planned_area, row.established_area = state.planned_area_ha, state.established_area_ha
    row.detailed_plan_area = state.detailed_plan_area_ha
    row.without_establishment = "detailed_plan_without_establishment" in state.anomalies
    row.plan_decisions = [(d.number, d.issued_on, d.issuer) for d in state.plan_decisions]
    row.investor, row.investor_kind = services.investor_as_of(cluster, assignments, as_of)
    first = {}
    for decision in decisions:
        if decision.kind not in first or decision.issued_on < first[decision.kind]:
            first[decision.kind] = decision.issued_on
    row.first_establishment = _iso(first.get(DecisionKind.ESTABLISHMENT))
    row.first_detailed_plan = _iso(first.get(DecisionKind.DETAILED_PLAN))


def _iso(day):
    return None if day is None else day.isoformat()


def _plan_decisions(queryset, as_of, summaries):
    """{decision id: (number, day, issuer)} of the plan decisions the summaries name (the plan kinds)."""
    if not summaries:
        return {}
    wanted = {d for _row, summary in summaries.values() for d in summary[services.AT["plan_decisions"]]}
    rows = ClusterDecision.objects.filter(
        cluster__in=queryset.values("pk"), kind__in=PLAN_KINDS, issued_on__lte=as_of
    ).values_list("pk", "number", "issued_on", "issuing_body_id", "issuing_body__name", "issuing_body_name")
    return {
        pk: (number, issued_on, body_name if body_id else body_text)
        for pk, number, issued_on, body_id, body_name, body_text in rows.order_by()
        if pk in wanted
    }


def _derive(clusters, as_of, organisation):
    """{cluster id: (decisions, assignments)} dated on or before `as_of`, as light objects with the
    attributes `services.state_as_of` and `investor_as_of` read; `clusters` is a queryset or ids."""
    if isinstance(clusters, list):
        within = {"cluster_id__in": clusters}
    else:
        within = {"cluster__in": clusters.values("pk")}
    found = {}
    decisions = ClusterDecision.objects.filter(issued_on__lte=as_of, **within).values_list(
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
        found.setdefault(cluster_id, ([], []))[0].append(decision)
    assignments = ClusterInvestorAssignment.objects.filter(**within).values_list(
        "cluster_id", "pk", "since", "until", "kind", "investor_id", "investor__name"
    )
    for cluster_id, pk, since, until, kind, investor_id, investor_name in assignments.order_by():
        assignment = _Assignment()
        assignment.pk, assignment.since, assignment.until, assignment.kind = pk, since, until, kind
        assignment.investor = organisation(investor_id, investor_name)
        found.setdefault(cluster_id, ([], []))[1].append(assignment)
    return found


def _by_first(rows, attribute):
    """Rows in the order their first decision of a kind was issued (the order a report lists them)."""
    return sorted(rows, key=lambda r: getattr(r, attribute) or "9999-12-31")


def _plan_decisions_in_force(planned, area):
    """The plan decisions in force for the planned clusters: each cluster's newest plan decision (an
    adjustment replaces the inclusion it adjusts), each decision once, oldest first, with how many
    clusters it governs and — in a province formed by merging others — the former provinces whose
    clusters it concerns ("tỉnh Đắk Nông"): a merged province has one plan decision per former province,
    and its paragraph cites every one."""
    found = {}
    for row in planned:
        if not row.plan_decisions:
            continue
        newest = max(row.plan_decisions, key=lambda item: item[1])
        entry = found.setdefault(newest, {"clusters": 0, "provinces": set()})
        entry["clusters"] += 1
        entry["provinces"].add(row.province_id)
    own = area.province.pk if area.province is not None else None
    names = dict(
        AdminUnit.objects.filter(pk__in={p for e in found.values() for p in e["provinces"]}).values_list(
            "pk", "full_name"
        )
    )
    return [
        {
            "number": number,
            "issued_on": day.isoformat(),
            "issuer": issuer,
            "clusters": entry["clusters"],
            "former_provinces": sorted(names[p] for p in entry["provinces"] if p != own),
        }
        for (number, day, issuer), entry in sorted(found.items(), key=lambda item: (item[0][1], item[0][0]))
    ]


def _group(rows, area_key):
    return {
        "count": len(rows),
        "area_ha": _ha(sum((getattr(r, area_key) or Decimal(0) for r in rows), Decimal(0))),
        "names": [r.name for r in rows],
    }


def _optional_ha(value):
    return None if value is None else _ha(value)


def build(area, *, as_of, user=None):
    """The report for `area` (reports.common.ReportArea) as of `as_of`, for `user` (None = everything)."""
    rows = _load(area, as_of, user)
    planned = [r for r in rows if r.in_plan]
    established = _by_first([r for r in rows if r.established], "first_establishment")
    detailed = _by_first([r for r in rows if r.detailed_plan], "first_detailed_plan")
    operating = [r for r in rows if r.operating]
    calling = [r for r in planned if r.investor is None and not r.established]
    kinds = Counter(r.investor_kind for r in detailed)
    plan_decisions = sorted(
        {item for r in planned for item in r.plan_decisions},
        key=lambda item: (item[1], item[0]),
    )
    in_force = _plan_decisions_in_force(planned, area)
    lands = [r for r in rows if r.industrial is not None and r.established]
    industrial = sum((r.industrial for r in lands), Decimal(0))
    leased = sum((r.leased for r in lands), Decimal(0))

    detailed_group = _group(detailed, "detailed_plan_area")
    detailed_group["investor_kinds"] = {kind.value: kinds.get(kind.value, 0) for kind in InvestorKind}
    detailed_group["investors"] = [
        {
            "cluster": r.name,
            "investor": str(r.investor) if r.investor else None,
            "kind": r.investor_kind,
        }
        for r in detailed
    ]
    detailed_group["without_establishment"] = [r.name for r in detailed if r.without_establishment]
    by_status = Counter(r.status for r in rows)
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
            "plan_decisions_in_force": in_force,
        },
        "established": _group(established, "established_area"),
        "detailed_plan_approved": detailed_group,
        "operating": _group(operating, "operating_area"),
        "calling_investment": {"count": len(calling), "names": [r.name for r in calling]},
        "by_status": {
            status.value: by_status.get(status.value, 0)
            for status in ClusterStatus
            if by_status.get(status.value)
        },
        "manual_status": [{"name": r.name, "status": r.manual_status} for r in rows if r.manual_status],
        "industrial_land_ha": _ha(industrial),
        "leased_ha": _ha(leased),
        "occupancy_pct": float((leased * 100 / industrial).quantize(TWO)) if industrial else None,
        "clusters": [
            {
                "id": r.id,
                "code": r.code,
                "name": r.name,
                "status": r.status,
                "planned_area_ha": _optional_ha(r.planned_area),
                "established_area_ha": _optional_ha(r.established_area),
                "investor_kind": r.investor_kind,
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
    in_force = planned.get("plan_decisions_in_force", [])
    if in_force and province["code"] != "VN":
        intro += ", theo " + _names(_cited(decision, len(in_force) > 1) for decision in in_force)
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


def _cited(decision, several):
    """'Quyết định số 1757/QĐ-TTg ngày 31/12/2023 của Thủ tướng Chính phủ', and, when several decisions
    are cited for a merged province, the former province(s) each one concerns ('(tỉnh Đắk Nông cũ)')."""
    issuer = f" của {decision['issuer']}" if decision["issuer"] else ""
    text = f"Quyết định số {decision['number']} ngày {vn_date(_day(decision['issued_on']))}{issuer}"
    former = decision.get("former_provinces") or []
    if several and former:
        text += f" ({_names(in_sentence(name) + ' cũ' for name in former)})"
    return text


def _day(text):
    return date.fromisoformat(text)
