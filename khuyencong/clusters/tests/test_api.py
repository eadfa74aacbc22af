"""The API goes through the same scoping, filters and services as the pages."""

from datetime import date

import pytest

from khuyencong.accounts.tests.factories import OrganisationFactory

from .. import services
from ..choices import ClusterStatus
from .factories import ClusterFactory, LandRecordFactory, TenantFactory, decide

pytestmark = pytest.mark.django_db
API = "/api/v1/clusters/"


@pytest.fixture
def clusters(personas):
    dak_nong = ClusterFactory(name="Thuận An", province=personas.dak_nong)
    ha_noi = ClusterFactory(name="Ngọc Hồi", province=personas.ha_noi)
    own = ClusterFactory(name="BMC", province=personas.dak_nong)
    services.assign_investor(own, personas.investor_org, since=date(2020, 1, 1))
    decide(own, "establishment", date(2020, 6, 1), area="40")
    TenantFactory(cluster=own, name="Nhà máy gạch")
    TenantFactory(cluster=ha_noi, name="Nhà máy điện tử")
    return {"dak_nong": dak_nong, "ha_noi": ha_noi, "own": own}


def results(response):
    assert response.status_code == 200, response.content
    data = response.json()
    return {row["name"] for row in (data["results"] if isinstance(data, dict) else data)}


def test_every_endpoint_is_scoped(client, personas, clusters):
    client.force_login(personas.hanoi)
    assert results(client.get(API + "clusters/")) == {"Ngọc Hồi"}
    assert results(client.get(API + "tenants/")) == {"Nhà máy điện tử"}
    assert client.get(API + f"clusters/{clusters['dak_nong'].pk}/").status_code == 404
    assert client.get(API + "decisions/").json()["count"] == 0
    client.force_login(personas.investor)
    assert results(client.get(API + "clusters/")) == {"BMC"}
    assert client.get(API + "investors/").json()["count"] == 1
    assert client.get(API + "decisions/").json()["count"] == 1
    client.force_login(personas.central)
    assert results(client.get(API + "clusters/")) == {"Thuận An", "Ngọc Hồi", "BMC"}


def test_filters_are_the_list_filters(client, personas, clusters):
    client.force_login(personas.central)
    assert results(client.get(API + "clusters/", {"q": "thuan"})) == {"Thuận An"}
    assert results(client.get(API + "clusters/", {"status": "established"})) == {"BMC"}
    assert results(client.get(API + "clusters/", {"province": "01"})) == {"Ngọc Hồi"}


def test_central_cannot_write_and_other_province_cannot_write(client, personas, clusters):
    client.force_login(personas.central)
    pk = clusters["ha_noi"].pk
    assert (
        client.patch(API + f"clusters/{pk}/", {"name": "X"}, content_type="application/json").status_code
        == 403
    )
    client.force_login(personas.hanoi)
    response = client.post(
        API + "decisions/",
        {
            "cluster": clusters["dak_nong"].pk,
            "kind": "establishment",
            "number": "1",
            "issued_on": "2025-01-01",
            "issuing_body_name": "UBND",
        },
        content_type="application/json",
    )
    assert response.status_code == 400  # the cluster is not among the choices


def test_recording_a_decision_refreshes_the_status(client, personas, clusters):
    client.force_login(personas.lamdong)
    cluster = clusters["dak_nong"]
    response = client.post(
        API + "decisions/",
        {
            "cluster": cluster.pk,
            "kind": "establishment",
            "number": "5/QĐ-UBND",
            "issued_on": "2024-06-01",
            "issuing_body_name": "UBND tỉnh Đắk Nông",
            "area_ha": "45.50",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.ESTABLISHED
    assert cluster.decisions.get().history.latest().history_user == personas.lamdong


def test_officer_creates_and_edits_a_cluster(client, personas):
    client.force_login(personas.lamdong)
    org = OrganisationFactory(kind="public_unit", province=personas.lam_dong)
    response = client.post(
        API + "clusters/",
        {"name": "Cụm API", "province": personas.lam_dong.pk, "investor": org.pk, "planned_area_ha": "30"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["investor_kind"] == "public_unit" and data["status"] == "no_record"
    response = client.post(
        API + "clusters/", {"name": "Ngoài", "province": personas.ha_noi.pk}, content_type="application/json"
    )
    # Refused by the domain's reference check, naming the field (the same check as the form).
    assert response.status_code == 400 and "province" in response.json()


def test_schema_lists_the_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ("clusters/clusters/", "clusters/decisions/", "clusters/investors/", "clusters/tenants/"):
        assert f"/api/v1/{path}" in schema


def test_api_list_uses_a_fixed_number_of_queries(client, personas, django_assert_max_num_queries):
    client.force_login(personas.central)

    def rows(n):
        for _ in range(n):
            cluster = ClusterFactory(province=personas.dak_nong)
            cluster.communes.add(personas.commune)
            LandRecordFactory(cluster=cluster)

    rows(3)
    client.get(API + "clusters/")
    with django_assert_max_num_queries(12) as small:
        client.get(API + "clusters/")
    rows(27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(API + "clusters/", {"page_size": 50})
    assert response.json()["count"] == 30
