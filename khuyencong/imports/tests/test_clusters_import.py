"""Clusters and tenants sheets: the cluster report matches figures computed by hand from the file."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from khuyencong.clusters.choices import ClusterStatus, InfrastructureState, InvestorKind
from khuyencong.clusters.models import Cluster, TenantProject

from .test_import_realistic import run_command
from .workbooks import REAL_CLUSTERS, cluster_workbook

pytestmark = pytest.mark.django_db


def cluster_report(province):
    out = StringIO()
    call_command("report", "clusters", "--province", province, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_clusters_import_and_report_matches_hand_figures(personas, tmp_path):
    path = tmp_path / "ccn-dak-nong.xlsx"
    cluster_workbook().save(path)
    code, out = run_command(str(path), "--user", "lamdong")
    assert code == 0, out
    assert "Sheet 'Cụm công nghiệp': 3 tạo mới" in out
    assert "Sheet 'Dự án trong CCN': 3 tạo mới" in out
    assert "Cảnh báo" not in out  # both total rows match

    thuan_an = Cluster.objects.get(code="CCN-DN-01")
    assert thuan_an.name == "Thuận An" and thuan_an.province == personas.dak_nong
    assert thuan_an.status == ClusterStatus.DETAILED_PLAN_APPROVED
    assert thuan_an.investor_kind == InvestorKind.PUBLIC_UNIT
    assert thuan_an.infrastructure.get().state == InfrastructureState.OPERATING
    # Listed with a planned area and no decision: in the plan (a plan entry without number).
    assert Cluster.objects.get(code="CCN-DN-03").status == ClusterStatus.PLANNED
    tenant = TenantProject.objects.get(name="Xưởng cơ khí")
    assert (tenant.registered_capital_vnd, str(tenant.leased_area_ha)) == (12_500_500_000, "10.00")

    data = cluster_report("Đắk Nông")
    # By hand: established Thuận An 50 + BMC 39,61 = 89,61 ha; the same two have detailed plans, one
    # public-unit and one enterprise investor; land 35 + 30 = 65 ha, leased 20,5 + 12 = 32,5 ha.
    assert data["established"]["count"] == 2 and data["established"]["area_ha"] == 89.61
    assert data["detailed_plan_approved"]["count"] == 2 and data["detailed_plan_approved"]["area_ha"] == 89.61
    kinds = data["detailed_plan_approved"]["investor_kinds"]
    assert (kinds["public_unit"], kinds["enterprise"]) == (1, 1)
    assert (data["industrial_land_ha"], data["leased_ha"]) == (65.0, 32.5)
    assert data["occupancy_pct"] == 50.0

    # Re-import: nothing new, nothing duplicated.
    code, out = run_command(str(path), "--user", "lamdong")
    assert code == 0, out
    assert "Sheet 'Cụm công nghiệp': 0 tạo mới, 0 cập nhật, 3 không đổi" in out
    assert "Sheet 'Dự án trong CCN': 0 tạo mới, 0 cập nhật, 3 không đổi" in out
    assert Cluster.objects.count() == 3 and TenantProject.objects.count() == 3
    assert thuan_an.land_records.count() == 1 and thuan_an.decisions.count() == 2


def test_cluster_rows_are_validated_and_scoped(personas, tmp_path):
    rows = [list(r) for r in REAL_CLUSTERS]
    rows[0][5] = "31/02/2019"  # establishment date that does not exist
    rows[1][13] = "31"  # leased more than industrial land (30)
    path = tmp_path / "ccn-sai.xlsx"
    cluster_workbook(clusters=rows).save(path)
    code, out = run_command(str(path), "--user", "lamdong")
    assert code == 1
    assert "Sheet 'Cụm công nghiệp', dòng 7, cột 'Ngày QĐ thành lập': ngày 31/02/2019 không tồn tại" in out
    assert (
        "dòng 8, cột 'Diện tích đất công nghiệp đã cho thuê (ha)': "
        "Diện tích đã cho thuê không được vượt quá diện tích đất công nghiệp." in out
    )
    assert Cluster.objects.count() == 0 and TenantProject.objects.count() == 0

    path = tmp_path / "ccn.xlsx"
    cluster_workbook().save(path)
    code, out = run_command(str(path), "--user", "hanoi")
    assert code == 1 and "ngoài phạm vi được sửa của tài khoản" in out
    assert Cluster.objects.count() == 0
