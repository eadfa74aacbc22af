"""Demo clusters: Đắk Nông as the seed report of 16/05/2025 describes it, plus a handful in Hà Nội.

The report gives the totals (11 planned clusters, 825 ha; Thuận An and BMC established, 89,61 ha; 4
with a detailed plan, 149,61 ha, 3 by enterprises and 1 by the Thuận An infrastructure centre) and
names two clusters. Every other name, area split, decision number and date below is ILLUSTRATIVE
(minh họa) and says so in the cluster's note. Loading twice changes nothing.
"""

from datetime import date
from decimal import Decimal

from khuyencong.accounts.models import Organisation
from khuyencong.core.text import in_sentence
from khuyencong.geography.models import AdminUnit

from . import services
from .choices import ClusterKind, ClusterStatus, DecisionKind, InfrastructureKind, InfrastructureState
from .models import Cluster, ClusterDecision, InfrastructureItem, LandRecord, TenantProject

NOTE = (
    "Dữ liệu minh họa dựng lại từ bài báo ngày 16/05/2025 về Đắk Nông; ngoài Quyết định 1757/QĐ-TTg, "
    "số hiệu, ngày và diện tích từng cụm là minh họa."
)
NOTE_HN = "Dữ liệu minh họa cho Hà Nội; số hiệu, ngày và diện tích là minh họa."
PLAN_DN = ("1757/QĐ-TTg", date(2023, 12, 31), "Thủ tướng Chính phủ")
PLAN_HN = ("1569/QĐ-TTg", date(2024, 12, 12), "Thủ tướng Chính phủ")
BMC_ORG = "Công ty Cổ phần BMC Đắk Nông (minh họa)"

# code, name, commune (legacy name, district), planned ha, lat, lon, investor key, steps
DAK_NONG = [
    (
        "DNO-01",
        "Thuận An",
        ("Thuận An", "Đắk Mil"),
        "75",
        12.4810,
        107.6290,
        "centre",
        [
            ("establishment", "2156/QĐ-UBND", date(2018, 12, 20), "49.61"),
            ("detailed_plan", "1020/QĐ-UBND", date(2019, 7, 8), "49.61"),
            ("construction_start", "45/TB-TTHT", date(2020, 4, 1), None),
        ],
    ),
    (
        "DNO-02",
        "BMC",
        ("Quảng Tín", "Đắk R'Lấp"),
        "75",
        11.9530,
        107.5540,
        "bmc",
        [
            ("investor_selection", "88/QĐ-UBND", date(2019, 11, 5), None),
            ("establishment", "1890/QĐ-UBND", date(2020, 11, 16), "40.00"),
            ("detailed_plan", "512/QĐ-UBND", date(2021, 4, 2), "40.00"),
        ],
    ),
    (
        "DNO-03",
        "Đắk Ha",
        ("Đắk Ha", "Đăk Glong"),
        "70",
        12.0630,
        107.8290,
        "dakha",
        [("detailed_plan", "733/QĐ-UBND", date(2022, 5, 26), "30.00")],
    ),
    (
        "DNO-04",
        "Trúc Sơn",
        ("Trúc Sơn", "Cư Jút"),
        "75",
        12.6480,
        107.8930,
        "trucson",
        [("detailed_plan", "1410/QĐ-UBND", date(2023, 9, 14), "30.00")],
    ),
    ("DNO-05", "Nhân Cơ", ("Nhân Cơ", "Đắk R'Lấp"), "75", 12.0130, 107.6010, None, []),
    ("DNO-06", "Quảng Tâm", ("Quảng Tâm", "Tuy Đức"), "75", 12.1250, 107.4900, None, []),
    ("DNO-07", "Nâm N'Jang", ("Nâm N'Jang", "Đắk Song"), "75", 12.2380, 107.5510, None, []),
    ("DNO-08", "Đức Minh", ("Đức Minh", "Đắk Mil"), "75", 12.4350, 107.6650, None, []),
    ("DNO-09", "Nam Đà", ("Nam Đà", "Krông Nô"), "75", 12.4190, 107.8660, None, []),
    ("DNO-10", "Tâm Thắng", ("Tâm Thắng", "Cư Jút"), "80", 12.6700, 107.8500, None, []),
    (
        "DNO-11",
        "Quảng Sơn",
        ("Quảng Sơn", "Đăk Glong"),
        "75",
        12.1410,
        107.9820,
        None,
        [("application_notice", "35/TB-UBND", date(2025, 8, 4), None)],
    ),
]

INVESTORS = {
    "centre": ("Trung tâm Phát triển hạ tầng cụm công nghiệp Thuận An", "public_unit"),
    "dakha": ("Công ty TNHH Hạ tầng Đắk Ha (minh họa)", "enterprise"),
    "trucson": ("Công ty Cổ phần Đầu tư Trúc Sơn (minh họa)", "enterprise"),
    "ngochoi": ("Công ty Cổ phần Phát triển Ngọc Hồi (minh họa)", "enterprise"),
    "quatdong": ("Công ty TNHH Hạ tầng Quất Động (minh họa)", "foreign_enterprise"),
}

HA_NOI = [
    (
        "HNO-01",
        "Ngọc Hồi",
        ("Ngọc Hồi", "Thanh Trì"),
        "55",
        20.9230,
        105.8430,
        "ngochoi",
        [
            ("establishment", "3210/QĐ-UBND", date(2019, 6, 20), "55.00"),
            ("detailed_plan", "4511/QĐ-UBND", date(2020, 3, 2), "55.00"),
            ("construction_start", "12/TB-CT", date(2020, 10, 1), None),
            ("operation", "88/TB-CT", date(2022, 12, 15), None),
        ],
    ),
    (
        "HNO-02",
        "Quất Động",
        ("Quất Động", "Thường Tín"),
        "50",
        20.8330,
        105.8790,
        "quatdong",
        [
            ("establishment", "1150/QĐ-UBND", date(2018, 3, 9), "40.00"),
            ("operation", "21/TB-CT", date(2020, 6, 1), None),
            ("expansion", "5210/QĐ-UBND", date(2024, 10, 21), "50.00"),
        ],
    ),
    ("HNO-03", "Liên Phương", ("Liên Phương", "Thường Tín"), "40", 20.8520, 105.8700, None, []),
    ("HNO-04", "Kim Chung", ("Kim Chung", "Đông Anh"), "30", 21.1330, 105.7800, None, []),
]


def _commune(province, name, district):
    return AdminUnit.objects.get(
        scheme="legacy", level="commune", province=province, name=name, parent__name=district
    )


def _org(key, province):
    name, kind = INVESTORS[key]
    org, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "province": province})
    return org


def _cluster(province, row, plan, note):
    code, name, (commune, district), area, lat, lon, investor_key, steps = row
    cluster = Cluster.objects.filter(province=province, code=code).first() or Cluster(
        province=province, code=code
    )
    cluster.name, cluster.planned_area_ha, cluster.note = name, Decimal(area), note
    cluster.latitude, cluster.longitude = Decimal(str(lat)), Decimal(str(lon))
    cluster.main_industries = cluster.main_industries or "Chế biến nông sản; cơ khí; vật liệu xây dựng"
    cluster.is_published = True
    services.save_cluster(cluster, communes=[_commune(province, commune, district)])
    number, issued_on, issuer = plan
    _decision(cluster, DecisionKind.PLAN_INCLUSION, number, issued_on, area, issuer=issuer)
    if investor_key:
        investor = (
            Organisation.objects.get(name=BMC_ORG) if investor_key == "bmc" else _org(investor_key, province)
        )
        first = steps[0][2] if steps else date(2020, 1, 1)
        services.assign_investor(cluster, investor, since=first, note="Minh họa")
    for kind, number, issued_on, step_area in steps:
        _decision(cluster, kind, number, issued_on, step_area)
    return cluster


def _decision(cluster, kind, number, issued_on, area, issuer=None):
    decision = ClusterDecision.objects.filter(cluster=cluster, kind=kind, number=number).first()
    if decision is None:
        decision = ClusterDecision(cluster=cluster, kind=kind, number=number)
    decision.issued_on = issued_on
    decision.area_ha = Decimal(area) if area else None
    decision.issuing_body_name = issuer or f"UBND {in_sentence(cluster.province.full_name)}"
    if kind in (DecisionKind.CONSTRUCTION_START, DecisionKind.OPERATION):
        decision.issuing_body_name = "Chủ đầu tư hạ tầng"
    services.record_decision(decision)


def _land(cluster, period_end, total, industrial, leased):
    LandRecord.objects.update_or_create(
        cluster=cluster,
        period_end=period_end,
        defaults={
            "total_area_ha": Decimal(total),
            "industrial_land_ha": Decimal(industrial),
            "leased_ha": Decimal(leased),
            "note": "Minh họa",
        },
    )


def _infra(cluster, kind, state, capacity=None, unit=""):
    InfrastructureItem.objects.update_or_create(
        cluster=cluster,
        kind=kind,
        defaults={"state": state, "capacity": capacity, "capacity_unit": unit, "note": "Minh họa"},
    )


def _tenant(cluster, name, investor_name, industry, area, registered, realised, workers, status):
    TenantProject.objects.update_or_create(
        cluster=cluster,
        name=name,
        defaults={
            "investor_name": investor_name,
            "industry": industry,
            "leased_area_ha": Decimal(area),
            "registered_capital_vnd": registered,
            "realised_capital_vnd": realised,
            "workers": workers,
            "status": status,
        },
    )


def load():
    dak_nong = AdminUnit.objects.get(scheme="legacy", level="province", code="67")
    ha_noi = AdminUnit.objects.get(scheme="legacy", level="province", code="01")
    if Cluster.objects.filter(province=ha_noi, code="HNO-05").exists():
        # Loaded before (the last cluster is written last): touch nothing, so no history rows are added.
        return f"demo clusters already loaded ({Cluster.objects.count()} clusters)"
    made = {row[0]: _cluster(dak_nong, row, PLAN_DN, NOTE) for row in DAK_NONG}
    made |= {row[0]: _cluster(ha_noi, row, PLAN_HN, NOTE_HN) for row in HA_NOI}

    thuan_an, bmc, ngoc_hoi, quat_dong = made["DNO-01"], made["DNO-02"], made["HNO-01"], made["HNO-02"]
    _land(thuan_an, date(2024, 12, 14), "49.61", "35.20", "21.10")
    _land(bmc, date(2024, 12, 14), "40.00", "28.00", "8.40")
    _land(ngoc_hoi, date(2024, 12, 14), "55.00", "40.00", "34.00")
    _land(quat_dong, date(2024, 6, 14), "40.00", "30.00", "21.60")
    _land(quat_dong, date(2024, 12, 14), "50.00", "37.50", "24.00")
    for cluster in (thuan_an, bmc):
        _infra(cluster, InfrastructureKind.ROADS, InfrastructureState.OPERATING)
        _infra(cluster, InfrastructureKind.POWER, InfrastructureState.OPERATING)
        _infra(
            cluster,
            InfrastructureKind.WASTEWATER,
            InfrastructureState.UNDER_CONSTRUCTION,
            Decimal(1000),
            "m³/ngày đêm",
        )
    for cluster in (ngoc_hoi, quat_dong):
        _infra(cluster, InfrastructureKind.ROADS, InfrastructureState.OPERATING)
        _infra(
            cluster,
            InfrastructureKind.WASTEWATER,
            InfrastructureState.OPERATING,
            Decimal(2000),
            "m³/ngày đêm",
        )
    _tenant(
        thuan_an,
        "Nhà máy chế biến cà phê Thuận An (minh họa)",
        "Công ty TNHH Cà phê Đắk Mil (minh họa)",
        "Chế biến nông sản",
        "6.50",
        120_000_000_000,
        85_000_000_000,
        140,
        "operating",
    )
    _tenant(
        thuan_an,
        "Xưởng cơ khí nông nghiệp (minh họa)",
        "HTX Cơ khí Thuận An (minh họa)",
        "Cơ khí",
        "2.10",
        15_000_000_000,
        9_000_000_000,
        35,
        "operating",
    )
    _tenant(
        bmc,
        "Nhà máy gạch không nung BMC (minh họa)",
        "Công ty Cổ phần BMC Đắk Nông (minh họa)",
        "Vật liệu xây dựng",
        "8.40",
        60_000_000_000,
        20_000_000_000,
        0,
        "under_construction",
    )
    _tenant(
        ngoc_hoi,
        "Nhà máy linh kiện điện tử (minh họa)",
        "Công ty TNHH Điện tử Thanh Trì (minh họa)",
        "Điện tử",
        "12.00",
        300_000_000_000,
        250_000_000_000,
        420,
        "operating",
    )

    # A craft-village cluster formed before 2009 whose papers are not digitised: status set by hand.
    phung_xa = Cluster.objects.filter(province=ha_noi, code="HNO-05").first() or Cluster(
        province=ha_noi, code="HNO-05"
    )
    phung_xa.name, phung_xa.kind, phung_xa.is_legacy = "Làng nghề Phùng Xá", ClusterKind.CRAFT_VILLAGE, True
    phung_xa.planned_area_ha, phung_xa.note, phung_xa.is_published = Decimal("8.50"), NOTE_HN, True
    phung_xa.latitude, phung_xa.longitude = Decimal("21.031000"), Decimal("105.570000")
    phung_xa.status_override = ClusterStatus.OPERATING
    phung_xa.status_override_reason = (
        "Hoạt động từ năm 2003; quyết định thành lập chưa được số hóa (minh họa)"
    )
    services.save_cluster(phung_xa, communes=[_commune(ha_noi, "Phùng Xá", "Thạch Thất")])
    return f"{Cluster.objects.count()} clusters, {ClusterDecision.objects.count()} decisions"
