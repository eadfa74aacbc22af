"""Sheet "Cụm công nghiệp": clusters keyed by Mã CCN (within the province), their establishment and
detailed-plan decisions, infrastructure investor, land and occupancy, and wastewater plant.

Everything is written through `clusters.services` (save_cluster, record_decision), so the derived status
and the investor history stay right. The land figures become a dated `LandRecord` (as of the "Số liệu
đến ngày" column, else the day of the import); an unchanged re-import adds nothing.
"""

import re
from decimal import Decimal

from khuyencong.accounts.choices import OrganisationKind
from khuyencong.accounts.models import Organisation
from khuyencong.clusters import services
from khuyencong.clusters.choices import PLAN_KINDS, DecisionKind, InfrastructureKind, InfrastructureState
from khuyencong.clusters.models import Cluster, ClusterDecision, InfrastructureItem, LandRecord
from khuyencong.core import clock
from khuyencong.core.importing import Column, clean_text, parse_vn_date, parse_vn_decimal
from khuyencong.core.text import fold

from .base import CREATED, NEW_UNITS, UNCHANGED, UPDATED, SheetSpec, loose_choice, text_limited
from .rules import allowed, check, visible

INVESTOR_KIND = loose_choice(
    {
        OrganisationKind.ENTERPRISE: ["Doanh nghiệp", "DN", "Công ty", "Enterprise"],
        OrganisationKind.PUBLIC_UNIT: [
            "Đơn vị sự nghiệp công lập",
            "Đơn vị sự nghiệp",
            "ĐVSNCL",
            "Trung tâm",
            "Public unit",
        ],
    }
)
WASTEWATER = loose_choice(
    {
        InfrastructureState.OPERATING: ["Có", "Đã có", "Đang hoạt động", "Yes"],
        InfrastructureState.NONE: ["Không", "Chưa có", "No"],
        InfrastructureState.UNDER_CONSTRUCTION: ["Đang xây dựng", "Đang đầu tư", "Under construction"],
    }
)
_PREFIX = re.compile(r"^(cụm công nghiệp|cụm cn|ccn)\s+", re.IGNORECASE)
TWO = Decimal("0.01")
# Fields the domain check (`references.errors_for`) names → the sheet's columns.
CLUSTER_COLUMNS = {"province": "province", "communes": "communes", "investor": "investor"}
LAND_COLUMNS = {
    "total_area_ha": "planned_area",
    "industrial_land_ha": "industrial_land",
    "leased_ha": "leased",
}


# The area columns hold at most 999.999,99 ha (models.clusters.AREA: 8 digits, 2 decimals).
MAX_AREA = Decimal("999999.99")


def _area(value):
    from khuyencong.core.importing import CellError

    area = parse_vn_decimal(value)
    if area < 0:
        raise CellError("diện tích không được âm", "the area must not be negative")
    if area > MAX_AREA:  # checked before rounding: quantize() fails on numbers of 27 digits or more
        raise CellError(
            "diện tích quá lớn (tối đa 999.999,99 ha)", "the area is too large (at most 999,999.99 ha)"
        )
    return area.quantize(TWO)


_area.numeric = True


def cluster_name(text):
    """'Cụm công nghiệp Thuận An' → 'Thuận An' (the model keeps the name without the words)."""
    return _PREFIX.sub("", text or "").strip()


class ClusterSheet(SheetSpec):
    key = "clusters"
    title = "Cụm công nghiệp"
    aliases = ("CCN", "Cum cong nghiep", "Danh sách CCN", "Clusters")
    notes = (
        "Một dòng một cụm công nghiệp, nhận theo Mã CCN trong tỉnh (nhập lại thì cập nhật). Tỉnh ghi theo "
        "địa giới khi cụm được quy hoạch/thành lập. Quyết định quy hoạch, thành lập và phê duyệt QHCT cần cả "
        "số và ngày; cụm có diện tích quy hoạch mà không có số quyết định quy hoạch được ghi là trong quy "
        "hoạch, thiếu số quyết định. Diện tích tính bằng ha; số liệu đất công nghiệp được ghi theo 'Số liệu "
        "đến ngày' (mặc định: ngày nhập)."
    )

    def columns(self):
        return [
            Column("code", ["Mã CCN", "Mã cụm", "Cluster code", "Code"], text_limited(30), True),
            Column(
                "name", ["Tên CCN", "Tên cụm công nghiệp", "Cluster name", "Name"], text_limited(200), True
            ),
            Column("province", ["Tỉnh", "Tỉnh/Thành phố", "Province"], clean_text, True),
            Column("communes", ["Xã/Phường", "Xã, phường", "Commune"]),
            Column(
                "planned_area",
                ["Diện tích quy hoạch (ha)", "Diện tích quy hoạch", "Planned area (ha)"],
                _area,
            ),
            Column(
                "plan_number",
                ["Số QĐ quy hoạch", "Quyết định quy hoạch", "Số QĐ phê duyệt quy hoạch", "Plan decision"],
                text_limited(60),
            ),
            Column(
                "plan_date",
                ["Ngày QĐ quy hoạch", "Ngày phê duyệt quy hoạch", "Plan decision date"],
                parse_vn_date,
            ),
            Column("est_number", ["Số QĐ thành lập", "Quyết định thành lập", "Establishment decision"]),
            Column("est_date", ["Ngày QĐ thành lập", "Ngày thành lập", "Establishment date"], parse_vn_date),
            Column(
                "est_area",
                ["Diện tích thành lập (ha)", "Diện tích thành lập", "Established area (ha)"],
                _area,
            ),
            Column("dp_number", ["Số QĐ phê duyệt QHCT", "QĐ phê duyệt QHCT", "Detailed plan decision"]),
            Column(
                "dp_date",
                ["Ngày phê duyệt QHCT", "Ngày QĐ phê duyệt QHCT", "Detailed plan date"],
                parse_vn_date,
            ),
            Column("dp_area", ["Diện tích QHCT (ha)", "Diện tích QHCT", "Detailed plan area (ha)"], _area),
            Column(
                "investor", ["Chủ đầu tư hạ tầng", "Chủ đầu tư", "Infrastructure investor"], text_limited(250)
            ),
            Column("investor_kind", ["Loại chủ đầu tư", "Investor kind"], INVESTOR_KIND),
            Column(
                "industrial_land",
                ["Diện tích đất công nghiệp (ha)", "Đất công nghiệp (ha)", "Industrial land (ha)"],
                _area,
            ),
            Column(
                "leased",
                [
                    "Diện tích đất công nghiệp đã cho thuê (ha)",
                    "Đất công nghiệp đã cho thuê (ha)",
                    "Diện tích đã cho thuê (ha)",
                    "Leased industrial land (ha)",
                ],
                _area,
            ),
            Column("land_as_of", ["Số liệu đến ngày", "Land figures as of"], parse_vn_date),
            Column(
                "wastewater",
                ["Trạm XLNT tập trung", "Trạm xử lý nước thải tập trung", "Wastewater plant"],
                WASTEWATER,
            ),
            Column("note", ["Ghi chú", "Note"]),
        ]

    def handle(self, row, ctx):
        v = row.values
        for number, day, label in (
            ("plan_number", "plan_date", "quy hoạch"),
            ("est_number", "est_date", "thành lập"),
            ("dp_number", "dp_date", "QHCT"),
        ):
            if bool(v[number]) != bool(v[day]):
                missing = day if v[number] else number
                row.error(
                    missing,
                    f"quyết định {label} cần cả số và ngày",
                    f"the {label} decision needs a number and a date",
                )
        if v["dp_area"] is not None and not v["dp_number"]:
            row.error(
                "dp_number",
                "có diện tích QHCT nhưng thiếu số quyết định",
                "a detailed-plan area without its decision",
            )
        if v["est_area"] is not None and not v["est_number"]:
            row.error(
                "est_number",
                "có diện tích thành lập nhưng thiếu số quyết định",
                "an established area without its decision",
            )
        if v["investor_kind"] and not v["investor"]:
            row.error(
                "investor",
                "có loại chủ đầu tư nhưng thiếu tên chủ đầu tư",
                "an investor kind without the investor",
            )
        if v["leased"] is not None and v["industrial_land"] is None:
            row.error(
                "industrial_land", "thiếu diện tích đất công nghiệp", "the industrial land area is missing"
            )
        total = v["est_area"] or v["planned_area"]
        if v["industrial_land"] is not None:  # the land rule is the land record's own (`land_errors`)
            figures = {
                "total_area_ha": total,
                "industrial_land_ha": v["industrial_land"],
                "leased_ha": v["leased"],
            }
            columns = {**LAND_COLUMNS, "total_area_ha": "est_area" if v["est_area"] else "planned_area"}
            check(row, ctx, LandRecord, figures, None, columns)
        days = [d for d in (v["plan_date"], v["est_date"], v["dp_date"]) if d]
        on = min(days) if days else clock.today()
        province = ctx.province(row, "province", on)
        communes = []
        if province is not None:
            ctx.check_scope(row, "province", province)
            text = v["communes"] or ""
            for part in text.replace("\n", ";").split(";"):
                if part.strip():
                    unit = ctx.commune(row, "communes", province, on, text=part.strip())
                    if unit is not None:
                        communes.append(unit)
        if not row.ok or province is None:
            return None
        family = ctx.family(province)
        seen_key = ("cluster-row", fold(v["code"]), min(family))
        if seen_key in ctx.pending:
            row.error(
                "code",
                f"mã CCN '{v['code']}' đã có ở dòng {ctx.pending[seen_key]}",
                f"cluster code '{v['code']}' is already on row {ctx.pending[seen_key]}",
            )
            return None
        ctx.pending[seen_key] = row.number
        # Among the clusters the importer may see: another province's cluster reads as unknown.
        cluster = visible(ctx, Cluster).filter(code=v["code"], province_id__in=family).first()
        if (
            cluster is not None
            and ctx.actor is not None
            and not Cluster.objects.editable_by(ctx.actor).filter(pk=cluster.pk).exists()
        ):
            row.error(
                "code",
                f"CCN '{v['code']}' ngoài phạm vi được sửa của tài khoản",
                f"cluster '{v['code']}' is outside what your account may edit",
            )
            return None
        outcome = CREATED if cluster is None else UNCHANGED
        cluster = cluster or Cluster(code=v["code"], province=province)
        fields = {
            "name": cluster_name(v["name"]),
            "planned_area_ha": v["planned_area"],
            "note": v["note"] or "",
        }
        investor = self._investor(ctx, v["investor"], v["investor_kind"], province)
        investor_id = investor.pk if investor is not None else None
        values = {"province": province, "communes": communes, "investor": investor}
        if not check(row, ctx, Cluster, values, cluster if cluster.pk else None, CLUSTER_COLUMNS):
            return None
        changed = [k for k, value in fields.items() if getattr(cluster, k) != value]
        if cluster.pk and (changed or (v["investor"] and cluster.investor_id != investor_id)):
            outcome = UPDATED
        old_communes = sorted(cluster.communes.values_list("pk", flat=True)) if cluster.pk else []
        new_communes = sorted(c.pk for c in communes)
        if cluster.pk and communes and old_communes != new_communes:
            outcome = UPDATED
        decisions = []
        for kind, number, day, area in (
            (DecisionKind.ESTABLISHMENT, "est_number", "est_date", "est_area"),
            (DecisionKind.DETAILED_PLAN, "dp_number", "dp_date", "dp_area"),
        ):
            if not v[number]:
                continue
            decision = None
            if cluster.pk:
                decision = cluster.decisions.filter(kind=kind, number=v[number]).first()
            if decision is None:
                decision = ClusterDecision(kind=kind, number=v[number])
            new = {"issued_on": v[day], "area_ha": v[area]}
            if decision.pk is None or any(getattr(decision, k) != x for k, x in new.items()):
                decisions.append((decision, new))
                outcome = UPDATED if cluster.pk else outcome
        plan_entry = self._plan_entry(ctx, v, cluster)
        if plan_entry is not None:
            decisions.append(plan_entry)
            outcome = UPDATED if cluster.pk else outcome
        land_day = v["land_as_of"] or clock.today()
        land = None
        if v["industrial_land"] is not None:
            latest = cluster.land_records.order_by("-period_end").first() if cluster.pk else None
            same = latest is not None and (latest.industrial_land_ha, latest.leased_ha) == (
                v["industrial_land"],
                v["leased"] or Decimal(0),
            )
            if not same:
                land = land_day
                outcome = UPDATED if cluster.pk else outcome
        wastewater = None
        if v["wastewater"]:
            item = (
                cluster.infrastructure.filter(kind=InfrastructureKind.WASTEWATER).first()
                if cluster.pk
                else None
            )
            if item is None or item.state != v["wastewater"]:
                wastewater = item or InfrastructureItem(kind=InfrastructureKind.WASTEWATER)
                outcome = UPDATED if cluster.pk else outcome
        ctx.pending[("cluster", fold(v["code"]), min(family))] = cluster
        if not ctx.write or outcome == UNCHANGED:
            return outcome
        for k, value in fields.items():
            setattr(cluster, k, value)
        if investor is not None and investor.pk is None:
            investor.save()
        if investor is not None:
            cluster.investor = investor
        since = v["est_date"] or v["dp_date"] or clock.today()
        services.save_cluster(cluster, investor_since=since, communes=communes or None)
        for decision, new in decisions:
            decision.cluster = cluster
            decision.investor = investor if decision.kind == DecisionKind.ESTABLISHMENT else decision.investor
            for k, x in new.items():
                setattr(decision, k, x)
            services.record_decision(decision)
        if land is not None:
            LandRecord.objects.update_or_create(
                cluster=cluster,
                period_end=land,
                defaults={
                    "total_area_ha": max(x for x in (total, v["industrial_land"]) if x is not None),
                    "industrial_land_ha": v["industrial_land"],
                    "leased_ha": v["leased"] or Decimal(0),
                    "note": f"Nhập Excel {ctx.filename}"[:300],
                },
            )
        if wastewater is not None:
            wastewater.cluster = cluster
            wastewater.state = v["wastewater"]
            wastewater.save()
        return outcome

    @staticmethod
    def _plan_entry(ctx, v, cluster):
        """The catalogue's fact about the provincial plan: a cluster listed with a planned area is in the
        plan. With the plan decision's number and date, that decision; without, a plan entry dated the
        day of the import and flagged "thiếu số quyết định" (the cross-checks list it), unless a decision
        already places the cluster in the plan or the row gives a later legal step (which does).
        Returns (decision, new values) to record, or None."""
        if v["planned_area"] is None:
            return None
        stored = (
            list(cluster.decisions.filter(kind__in=PLAN_KINDS).order_by("issued_on", "pk"))
            if cluster.pk
            else []
        )
        if v["plan_number"]:
            decision = next((d for d in stored if d.number == v["plan_number"]), None)
            decision = decision or ClusterDecision(kind=DecisionKind.PLAN_INCLUSION, number=v["plan_number"])
            new = {"issued_on": v["plan_date"], "area_ha": v["planned_area"]}
        else:
            if v["est_number"] or v["dp_number"] or any(d.number for d in stored):
                return None
            decision = stored[-1] if stored else ClusterDecision(kind=DecisionKind.PLAN_INCLUSION, number="")
            new = {
                "issued_on": decision.issued_on or clock.today(),
                "area_ha": v["planned_area"],
                "note": f"Danh mục quy hoạch, thiếu số quyết định (nhập Excel {ctx.filename})".strip(),
            }
        if decision.pk is not None and all(getattr(decision, k) == x for k, x in new.items() if k != "note"):
            return None
        return decision, new

    def _investor(self, ctx, name, kind, province):
        if not name:
            return None
        key = fold(name)
        family = ctx.family(province)
        cache = ("organisation", key, min(family))
        if cache in ctx.pending:
            return ctx.pending[cache]
        candidates = allowed(ctx, Cluster, "investor").filter(search_text__startswith=f"{key} |")
        unit = (
            candidates.filter(province_id__in=family).first()
            or candidates.filter(province__isnull=True).first()
        )
        if unit is None:
            unit = Organisation(name=name, kind=kind or OrganisationKind.ENTERPRISE, province=province)
            ctx.count(NEW_UNITS, CREATED)
        ctx.pending[cache] = unit
        return unit
