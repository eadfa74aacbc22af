"""Today's province equals the sum of the former provinces it absorbed, for every count and area (issue 7)."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from khuyencong.accounts.tests.factories import province
from khuyencong.clusters.choices import DecisionKind
from khuyencong.clusters.tests.factories import ClusterFactory, LandRecordFactory, decide
from khuyencong.programs.choices import Status
from khuyencong.programs.tests.factories import project

pytestmark = pytest.mark.django_db
FORMER = ["Lâm Đồng", "Đắk Nông", "Bình Thuận"]


def report(*args):
    out = StringIO()
    call_command("report", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def numbers(data, prefix=""):
    """Every count and area of a report, flattened: {"planned.count": 11, "planned.area_ha": 825.0, ...}."""
    found = {}
    for key, value in data.items():
        if key in {"province", "clusters", "definitions", "from_year", "to_year", "as_of", "occupancy_pct"}:
            continue
        if isinstance(value, dict):
            found.update(numbers(value, f"{prefix}{key}."))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            found[f"{prefix}{key}"] = value
    return found


@pytest.fixture
def three_provinces(demo):
    """Besides Đắk Nông's demo clusters, clusters in the former Lâm Đồng and Bình Thuận."""
    for code, area in (("68", "60"), ("60", "35.5")):
        unit = province(code, scheme="legacy")
        planned = ClusterFactory(province=unit, planned_area_ha=Decimal("70"))
        decide(planned, DecisionKind.PLAN_INCLUSION, date(2021, 3, 1), area="70")
        established = ClusterFactory(province=unit)
        decide(established, DecisionKind.PLAN_INCLUSION, date(2021, 3, 1), area="80")
        decide(established, DecisionKind.ESTABLISHMENT, date(2022, 5, 1), area=area)
        LandRecordFactory(cluster=established, period_end=date(2025, 6, 14))


def test_cluster_report_of_today_lam_dong_is_the_sum_of_the_former_provinces(three_provinces):
    today = report(
        "clusters", "--province", "Lâm Đồng", "--as-of", "2025-12-31", "--boundaries", "2025-07-01"
    )
    parts = [
        report("clusters", "--province", name, "--as-of", "2025-12-31", "--boundaries", "2025-06-30")
        for name in FORMER
    ]
    assert [p["province"]["scheme"] for p in parts] == ["legacy"] * 3
    assert all(p["planned"]["count"] > 0 for p in parts)  # each former province has records
    whole = numbers(today)
    assert whole, "no figures compared"
    for key, value in whole.items():
        assert value == pytest.approx(sum(numbers(p).get(key, 0) for p in parts)), key
    assert today["planned"]["count"] == sum(p["planned"]["count"] for p in parts)
    assert today["industrial_land_ha"] == pytest.approx(sum(p["industrial_land_ha"] for p in parts))


def test_former_province_report_still_works_and_names_its_successor(three_provinces):
    data = report("clusters", "--province", "dak nong", "--as-of", "2025-12-31", "--boundaries", "2025-06-30")
    assert data["planned"]["count"] == 11
    assert [s["name"] for s in data["province"]["successors"]] == ["Lâm Đồng"]


def test_promotion_report_of_today_lam_dong_is_the_sum_of_the_former_provinces(demo):
    for code in ("68", "60"):
        project(province(code, scheme="legacy"), year=2023, status=Status.IN_PROGRESS, support=300)
    today = report(
        "promotion",
        "--province",
        "Lâm Đồng",
        "--from-year",
        "2022",
        "--to-year",
        "2023",
        "--boundaries",
        "2025-07-01",
    )
    parts = [
        report(
            "promotion",
            "--province",
            name,
            "--from-year",
            "2022",
            "--to-year",
            "2023",
            "--boundaries",
            "2025-06-30",
        )
        for name in FORMER
    ]
    assert today["local"]["approved"] == 15 + 2
    for key, value in numbers(today).items():
        assert value == pytest.approx(sum(numbers(p).get(key, 0) for p in parts)), key


def test_national_report_covers_every_province_once(three_provinces):
    national = report("clusters", "--province", "VN", "--as-of", "2025-12-31")
    provinces = [
        report("clusters", "--province", name, "--as-of", "2025-12-31") for name in ("Lâm Đồng", "Hà Nội")
    ]
    assert national["province"]["code"] == "VN"
    assert national["planned"]["count"] == sum(p["planned"]["count"] for p in provinces)
    assert national["planned"]["area_ha"] == pytest.approx(sum(p["planned"]["area_ha"] for p in provinces))


def test_national_and_zero_narratives(three_provinces):
    out = StringIO()
    call_command(
        "report", "clusters", "--province", "ca nuoc", "--as-of", "2025-12-31", "--format", "text", stdout=out
    )
    text = out.getvalue()
    assert "trên địa bàn cả nước quy hoạch" in text
    out = StringIO()
    call_command(
        "report", "clusters", "--province", "Cà Mau", "--as-of", "2025-12-31", "--format", "text", stdout=out
    )
    empty = out.getvalue()
    assert "chưa có cụm công nghiệp nào trong quy hoạch" in empty
    assert "chưa có cụm công nghiệp nào được thành lập" in empty and " 0 cụm" not in empty
    out = StringIO()
    call_command(
        "report",
        "promotion",
        "--province",
        "Cà Mau",
        "--from-year",
        "2024",
        "--to-year",
        "2024",
        "--format",
        "text",
        stdout=out,
    )
    assert "không có đề án nào được phê duyệt" in out.getvalue() and "0 đề án" not in out.getvalue()
