"""Cluster pages go through the scoping layer; forms save through services; lists use fixed queries."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from khuyencong.accounts.tests.factories import OrganisationFactory

from .. import services
from ..choices import ClusterStatus
from ..models import Cluster, ClusterDecision, LandRecord
from .factories import (
    ClusterFactory,
    InfrastructureFactory,
    LandRecordFactory,
    TenantFactory,
    established_cluster,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clusters(personas):
    """One cluster in the former Đắk Nông (Lâm Đồng's scope), one in Hà Nội, one of the investor persona."""
    dak_nong = ClusterFactory(name="Thuận An", province=personas.dak_nong)
    ha_noi = ClusterFactory(name="Ngọc Hồi", province=personas.ha_noi)
    own = ClusterFactory(name="BMC", province=personas.dak_nong)
    services.assign_investor(own, personas.investor_org, since=date(2020, 1, 1))
    return {"dak_nong": dak_nong, "ha_noi": ha_noi, "own": own}


def names(response):
    return {c.name for c in response.context["object_list"]}


def test_lists_show_only_what_each_user_may_see(client, personas, clusters):
    expected = {
        personas.lamdong: {"Thuận An", "BMC"},
        personas.hanoi: {"Ngọc Hồi"},
        personas.central: {"Thuận An", "BMC", "Ngọc Hồi"},
        personas.investor: {"BMC"},
        personas.collaborator: set(),
    }
    for user, visible in expected.items():
        client.force_login(user)
        assert names(client.get("/clusters/")) == visible, user
        assert names(client.get("/clusters/map/")) == visible, user


def test_other_province_detail_edit_and_children_are_404(client, personas, clusters):
    client.force_login(personas.hanoi)
    pk = clusters["dak_nong"].pk
    for url in (
        f"/clusters/{pk}/",
        f"/clusters/{pk}/edit/",
        f"/clusters/{pk}/history/",
        f"/clusters/{pk}/decisions/add/",
        f"/clusters/{pk}/land/add/",
        f"/clusters/{pk}/investor/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/clusters/{pk}/edit/", {"name": "X", "province": personas.ha_noi.pk})
    assert response.status_code == 404
    assert Cluster.objects.get(pk=pk).name == "Thuận An"


def test_central_sees_but_cannot_edit(client, personas, clusters):
    client.force_login(personas.central)
    pk = clusters["ha_noi"].pk
    response = client.get(f"/clusters/{pk}/")
    assert response.status_code == 200 and not response.context["can_edit"]
    assert client.get(f"/clusters/{pk}/edit/").status_code == 404
    assert client.get(f"/clusters/{pk}/decisions/add/").status_code == 403
    assert client.get(f"/clusters/{pk}/land/add/").status_code == 403


def test_investor_sees_own_cluster_and_reports_its_land_but_not_decisions(client, personas, clusters):
    client.force_login(personas.investor)
    own = clusters["own"]
    assert client.get(f"/clusters/{clusters['dak_nong'].pk}/").status_code == 404
    assert client.get(f"/clusters/{own.pk}/").status_code == 200
    assert client.get(f"/clusters/{own.pk}/edit/").status_code == 404
    assert client.get(f"/clusters/{own.pk}/decisions/add/").status_code == 403
    response = client.post(
        f"/clusters/{own.pk}/land/add/",
        {"period_end": "2025-06-14", "total_area_ha": "40", "industrial_land_ha": "30", "leased_ha": "12"},
    )
    assert response.status_code == 302, (
        getattr(response, "context", {}) and response.context.get("form") and response.context["form"].errors
    )
    assert LandRecord.objects.get(cluster=own).occupancy_pct == 40


def test_officer_creates_a_cluster_and_records_a_decision(client, personas):
    client.force_login(personas.lamdong)
    commune = personas.commune
    response = client.post(
        "/clusters/add/",
        {
            "name": "Cụm mới",
            "code": "LD-99",
            "province": personas.lam_dong.pk,
            "communes": [commune.pk],
            "kind": "ordinary",
            "planned_area_ha": "90",
            "investor": OrganisationFactory(kind="enterprise", province=personas.lam_dong).pk,
            "investor_since": "2025-08-01",
        },
    )
    assert response.status_code == 302, (
        getattr(response, "context", {}) and response.context.get("form") and response.context["form"].errors
    )
    cluster = Cluster.objects.get(code="LD-99")
    assert list(cluster.communes.all()) == [commune]
    assert cluster.investor_assignments.get().since == date(2025, 8, 1)
    with translation.override("en"):
        warnings = [str(m) for m in client.get(cluster.get_absolute_url()).context["messages"]]
    assert any("90" in m for m in warnings)  # size rule: a warning, the cluster is saved
    response = client.post(
        f"/clusters/{cluster.pk}/decisions/add/",
        {
            "kind": "establishment",
            "number": "12/QĐ-UBND",
            "issued_on": "2025-09-01",
            "issuing_body_name": "UBND tỉnh Lâm Đồng",
            "area_ha": "60",
        },
    )
    assert response.status_code == 302, (
        getattr(response, "context", {}) and response.context.get("form") and response.context["form"].errors
    )
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.ESTABLISHED
    assert ClusterDecision.objects.get(cluster=cluster).history.latest().history_user == personas.lamdong


def test_invalid_forms_are_refused_with_messages(client, personas, clusters):
    client.force_login(personas.lamdong)
    pk = clusters["dak_nong"].pk
    response = client.post(
        f"/clusters/{pk}/decisions/add/", {"kind": "establishment", "number": "1", "issued_on": "2025-01-01"}
    )
    assert response.status_code == 200
    assert {"issuing_body_name", "area_ha"} <= set(response.context["form"].errors)
    response = client.post(
        f"/clusters/{pk}/land/add/",
        {"period_end": "2025-06-14", "total_area_ha": "40", "industrial_land_ha": "30", "leased_ha": "35"},
    )
    assert "leased_ha" in response.context["form"].errors
    response = client.post(
        f"/clusters/{pk}/edit/",
        {
            "name": "Thuận An",
            "province": personas.dak_nong.pk,
            "kind": "ordinary",
            "status_override": "operating",
            "status_override_reason": "x",
        },
    )
    assert "status_override" in response.context["form"].errors


def test_officer_cannot_move_a_cluster_out_of_scope(client, personas, clusters):
    client.force_login(personas.lamdong)
    pk = clusters["dak_nong"].pk
    response = client.post(
        f"/clusters/{pk}/edit/", {"name": "Thuận An", "province": personas.ha_noi.pk, "kind": "ordinary"}
    )
    assert response.status_code == 200
    assert Cluster.objects.get(pk=pk).province == personas.dak_nong


def test_search_and_filters(client, personas, clusters):
    client.force_login(personas.central)
    assert names(client.get("/clusters/", {"q": "THUAN an"})) == {"Thuận An"}
    assert names(client.get("/clusters/", {"province": "68"})) == {"Thuận An", "BMC"}  # today's Lâm Đồng
    LandRecordFactory(cluster=clusters["own"], industrial_land_ha=30, leased_ha=24)
    InfrastructureFactory(cluster=clusters["own"])
    assert names(client.get("/clusters/", {"occupancy_min": "70"})) == {"BMC"}
    assert names(client.get("/clusters/", {"has_wastewater_plant": "true"})) == {"BMC"}
    assert names(client.get("/clusters/", {"investor_kind": "none"})) == {"Thuận An", "Ngọc Hồi"}
    assert names(client.get("/clusters/", {"investor_kind": "enterprise"})) == {"BMC"}
    established_cluster(name="Đã lập", province=personas.ha_noi)
    assert names(client.get("/clusters/", {"status": "established"})) == {"Đã lập"}
    htmx = client.get("/clusters/", {"q": "ngoc"}, HTTP_HX_REQUEST="true")
    assert "<html" not in htmx.content.decode() and "Ngọc Hồi" in htmx.content.decode()


def test_detail_shows_timeline_tenants_map_and_history(client, personas):
    cluster = established_cluster(name="Trúc Sơn", province=personas.dak_nong)
    TenantFactory(cluster=cluster, name="Nhà máy cà phê")
    client.force_login(personas.lamdong)
    body = client.get(cluster.get_absolute_url()).content.decode()
    assert "Nhà máy cà phê" in body and 'id="cluster-map"' in body and 'id="cluster-points"' in body
    assert body.count('data-kind="') == 2 and 'id="history"' in body


def make_rows(n, province):
    for _ in range(n):
        cluster = ClusterFactory(province=province)
        cluster.communes.add(*province.__class__.objects.filter(province=province, level="commune")[:2])
        LandRecordFactory(cluster=cluster)


@pytest.mark.parametrize("url", ["/clusters/", "/clusters/map/"])
def test_list_uses_a_fixed_number_of_queries(client, personas, django_assert_max_num_queries, url):
    client.force_login(personas.central)
    make_rows(3, personas.dak_nong)
    client.get(url)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    make_rows(27, personas.dak_nong)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["object_list"]) == 30


def test_tenant_pages_and_reports(client, personas, clusters):
    tenant = TenantFactory(cluster=clusters["own"])
    client.force_login(personas.investor)
    assert client.get(reverse("clusters:tenant-detail", args=[tenant.pk])).status_code == 200
    response = client.post(
        reverse("clusters:tenant-report-create", args=[tenant.pk]),
        {"period": "half_year", "period_end": "2025-06-14", "workers": "30", "status": "operating"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert tenant.reports.get().workers == 30
    client.force_login(personas.hanoi)
    assert client.get(reverse("clusters:tenant-detail", args=[tenant.pk])).status_code == 404
