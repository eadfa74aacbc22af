"""Sheet "Dự án trong CCN": secondary investment projects (tenants) of a cluster, by Mã CCN + Tên dự án."""

from khuyencong.clusters.choices import TenantStatus
from khuyencong.clusters.models import TenantProject
from khuyencong.core import clock
from khuyencong.core.importing import Column, clean_text, parse_vn_date, parse_vn_decimal, parse_vn_int
from khuyencong.core.text import fold

from .base import CREATED, UNCHANGED, UPDATED, SheetSpec, loose_choice, million_to_vnd, text_limited
from .clusters import _area
from .rules import allowed, check

STATUS = loose_choice(
    {
        TenantStatus.REGISTERED: ["Đã đăng ký", "Đăng ký", "Registered"],
        TenantStatus.UNDER_CONSTRUCTION: ["Đang xây dựng", "Under construction"],
        TenantStatus.OPERATING: ["Đang hoạt động", "Đã đi vào hoạt động", "Hoạt động", "Operating"],
        TenantStatus.SUSPENDED: ["Tạm ngừng", "Tạm dừng", "Suspended"],
        TenantStatus.TERMINATED: ["Chấm dứt", "Đã chấm dứt", "Thu hồi", "Terminated"],
    }
)
FIELDS = (
    "investor_name",
    "industry",
    "leased_area_ha",
    "registered_capital_vnd",
    "realised_capital_vnd",
    "workers",
    "status",
    "registered_on",
)


class TenantSheet(SheetSpec):
    key = "tenants"
    title = "Dự án trong CCN"
    aliases = ("Dự án thứ cấp", "Doanh nghiệp trong CCN", "Du an trong CCN", "Tenants")
    notes = (
        "Một dòng một dự án đầu tư thứ cấp trong cụm, nhận theo Mã CCN + Tên dự án. Cụm phải có trong "
        "sheet 'Cụm công nghiệp' của tệp hoặc trong hệ thống. Vốn tính bằng triệu đồng, diện tích bằng ha."
    )

    def columns(self):
        return [
            Column("cluster", ["Mã CCN", "Mã cụm", "Cluster code"], clean_text, True),
            Column("province", ["Tỉnh", "Tỉnh/Thành phố", "Province"], clean_text, True),
            Column("name", ["Tên dự án", "Tên dự án đầu tư", "Project name"], text_limited(250), True),
            Column("investor_name", ["Nhà đầu tư", "Doanh nghiệp", "Investor"], text_limited(250)),
            Column("industry", ["Ngành nghề", "Industry"], text_limited(200)),
            Column(
                "leased_area", ["Diện tích thuê (ha)", "Diện tích đất thuê (ha)", "Leased area (ha)"], _area
            ),
            Column(
                "registered",
                ["Vốn đăng ký (triệu đồng)", "Vốn đăng ký", "Registered capital (million VND)"],
                parse_vn_decimal,
            ),
            Column(
                "realised",
                ["Vốn thực hiện (triệu đồng)", "Vốn thực hiện", "Realised capital (million VND)"],
                parse_vn_decimal,
            ),
            Column("workers", ["Số lao động", "Lao động", "Workers"], parse_vn_int),
            Column("status", ["Tình trạng", "Trạng thái", "Status"], STATUS),
            Column("registered_on", ["Ngày đăng ký", "Ngày cấp chứng nhận", "Registered on"], parse_vn_date),
        ]

    def handle(self, row, ctx):
        v = row.values
        on = v["registered_on"] or clock.today()
        province = ctx.province(row, "province", on)
        if province is not None:
            ctx.check_scope(row, "province", province)
        registered, realised = million_to_vnd(row, "registered"), million_to_vnd(row, "realised")
        if v["workers"] is not None and v["workers"] < 0:
            row.error("workers", "số lao động không được âm", "the number of workers must not be negative")
        if not row.ok or province is None:
            return None
        family = ctx.family(province)
        key = ("cluster", fold(v["cluster"]), min(family))
        # Among the clusters the importer may link a project to: another province's reads as unknown.
        cluster = (
            ctx.pending.get(key)
            or allowed(ctx, TenantProject, "cluster")
            .filter(code=v["cluster"], province_id__in=family)
            .first()
        )
        if cluster is None:
            row.error(
                "cluster",
                f"không tìm thấy CCN mã '{v['cluster']}' của {province.full_name}",
                f"no cluster with code '{v['cluster']}' in {province.full_name}",
            )
            return None
        seen = ("tenant-row", key, fold(v["name"]))
        if seen in ctx.pending:
            row.error(
                "name",
                f"dự án này đã có ở dòng {ctx.pending[seen]}",
                f"this project is already on row {ctx.pending[seen]}",
            )
            return None
        ctx.pending[seen] = row.number
        data = {
            "investor_name": v["investor_name"] or "",
            "industry": v["industry"] or "",
            "leased_area_ha": v["leased_area"],
            "registered_capital_vnd": registered if v["registered"] is not None else None,
            "realised_capital_vnd": realised if v["realised"] is not None else None,
            "workers": v["workers"],
            "status": v["status"] or TenantStatus.REGISTERED,
            "registered_on": v["registered_on"],
        }
        tenant = None
        if cluster.pk:
            tenant = TenantProject.objects.filter(
                cluster=cluster, search_text__startswith=f"{fold(v['name'])} |"
            ).first()
        if not check(row, ctx, TenantProject, {"cluster": cluster}, tenant, {"cluster": "cluster"}):
            return None
        if tenant is None:
            tenant, outcome = TenantProject(name=v["name"]), CREATED
        else:
            outcome = UPDATED if any(getattr(tenant, k) != x for k, x in data.items()) else UNCHANGED
        if not ctx.write or outcome == UNCHANGED:
            return outcome
        if cluster.pk is None:  # created by this file's cluster sheet, saved in this pass
            cluster = ctx.pending[key]
        tenant.cluster = cluster
        for k, x in data.items():
            setattr(tenant, k, x)
        tenant.save()
        return outcome
