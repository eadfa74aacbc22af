"""Issue #17, findings 7-9 and the outside client's run: versions (ETag/If-Match), what may be deleted,
references answered with 409, 401 for missing credentials, strict filters, nullable fields in the schema."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.db.models import ProtectedError
from rest_framework.authtoken.models import Token

from khuyencong.clusters.models import TenantProject, TenantReport
from khuyencong.clusters.tests.factories import ClusterFactory, TenantFactory
from khuyencong.core import audit
from khuyencong.facilities.tests.factories import FacilityFactory
from khuyencong.inspections.models import Inspection, InspectionPlan

pytestmark = pytest.mark.django_db
API = "/api/v1/"
JSON = "application/json"


def token_client(client, user):
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.get_or_create(user=user)[0].key}"
    return client


@pytest.fixture
def facility(personas):
    return FacilityFactory(name="Cơ sở Mộc", province=personas.lam_dong)


@pytest.fixture
def inspection_plan(personas):
    return InspectionPlan.objects.create(
        title="Kế hoạch kiểm tra 2025", year=2025, level="provincial", province=personas.lam_dong
    )


# Finding 7: ETag and If-Match, with the version of the web forms.


def test_a_record_answers_with_the_version_the_web_form_checks(client, personas, facility):
    token_client(client, personas.lamdong)
    response = client.get(API + f"facilities/{facility.pk}/")
    assert response.status_code == 200
    assert response["ETag"] == f'"{audit.latest_history_id(facility)}"'


def test_a_write_on_a_stale_version_is_refused_with_412_and_changes_nothing(client, personas, facility):
    token_client(client, personas.lamdong)
    url = API + f"facilities/{facility.pk}/"
    first = client.get(url)["ETag"]
    saved = client.patch(url, {"workers": 5}, content_type=JSON, HTTP_IF_MATCH=first)
    assert saved.status_code == 200, saved.content
    assert saved["ETag"] != first
    assert saved["ETag"] == f'"{audit.latest_history_id(facility)}"'
    stale = client.patch(url, {"workers": 9}, content_type=JSON, HTTP_IF_MATCH=first)
    assert stale.status_code == 412
    assert "If-Match" in stale.json()["detail"]
    body = {**client.get(url).json(), "workers": 9}
    assert client.put(url, body, content_type=JSON, HTTP_IF_MATCH=first).status_code == 412
    facility.refresh_from_db()
    assert facility.workers == 5
    assert (
        client.patch(url, {"workers": 7}, content_type=JSON, HTTP_IF_MATCH=saved["ETag"]).status_code == 200
    )
    assert client.patch(url, {"workers": 8}, content_type=JSON, HTTP_IF_MATCH="*").status_code == 200


def test_a_delete_on_a_stale_version_is_refused_with_412(client, personas, inspection_plan):
    token_client(client, personas.lamdong)
    url = API + f"inspections/plans/{inspection_plan.pk}/"
    old = client.get(url)["ETag"]
    assert client.patch(url, {"note": "Sửa"}, content_type=JSON).status_code == 200
    assert client.delete(url, HTTP_IF_MATCH=old).status_code == 412
    assert InspectionPlan.objects.filter(pk=inspection_plan.pk).exists()
    assert client.delete(url, HTTP_IF_MATCH=client.get(url)["ETag"]).status_code == 204


# Finding 8: records with reported figures are closed, not deleted.


def test_an_investor_cannot_delete_a_tenant_project_and_its_figures(client, personas):
    cluster = ClusterFactory(province=personas.dak_nong)
    from khuyencong.clusters import services

    services.assign_investor(cluster, personas.investor_org, since=date(2020, 1, 1))
    tenant = TenantFactory(cluster=cluster)
    TenantReport.objects.create(tenant=tenant, period_end=date(2025, 6, 30), workers=10)
    token_client(client, personas.investor)
    response = client.delete(API + f"clusters/tenants/{tenant.pk}/")
    assert response.status_code == 405
    assert "terminated" in response.json()["detail"] or "Ngừng" in response.json()["detail"]
    assert TenantProject.objects.filter(pk=tenant.pk).exists()
    assert TenantReport.objects.filter(tenant=tenant).count() == 1
    closed = client.patch(API + f"clusters/tenants/{tenant.pk}/", {"status": "terminated"}, content_type=JSON)
    assert closed.status_code == 200, closed.content


@pytest.mark.parametrize(
    "path",
    [
        "clusters/clusters",
        "clusters/tenants",
        "inspections/visits",
        "inspections/findings",
        "inspections/recommendations",
        "correspondence/documents",
    ],
)
def test_records_that_are_closed_not_deleted_refuse_delete(client, personas, path):
    token_client(client, personas.lamdong)
    response = client.delete(API + f"{path}/1/")
    assert response.status_code == 405
    assert "DELETE" not in response["Allow"]
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "delete" not in schema["paths"][f"/api/v1/{path}/{{id}}/"]


# Finding 9: a record still referred to answers 409 naming what refers to it.


def test_deleting_a_referenced_inspection_plan_is_409_naming_the_references(
    client, personas, inspection_plan
):
    for n in range(2):
        Inspection.objects.create(
            plan=inspection_plan,
            title=f"Kiểm tra {n}",
            level="central_province",
            province=personas.lam_dong,
            start_date=date(2025, 9, 1),
        )
    token_client(client, personas.lamdong)
    response = client.delete(API + f"inspections/plans/{inspection_plan.pk}/")
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "2 " in detail and str(Inspection._meta.verbose_name_plural) in detail
    assert InspectionPlan.objects.filter(pk=inspection_plan.pk).exists()


def test_an_establishment_a_project_benefits_is_kept_with_409(client, personas, ref):
    from khuyencong.facilities.models import Facility
    from khuyencong.programs.tests.factories import project

    beneficiary = project(personas.lam_dong).beneficiaries.get()
    token_client(client, personas.lamdong)
    response = client.delete(API + f"facilities/{beneficiary.pk}/")
    assert response.status_code == 409
    assert "1 " in response.json()["detail"]
    assert Facility.objects.filter(pk=beneficiary.pk).exists()


def test_a_web_delete_of_a_referenced_record_is_a_message_not_a_500(client, personas, monkeypatch):
    from khuyencong.clusters import services
    from khuyencong.clusters.tests.factories import decide

    cluster = ClusterFactory(province=personas.dak_nong)
    decision = decide(cluster, "establishment", date(2020, 6, 1), area="40")
    blocker = FacilityFactory(province=personas.lam_dong)

    def refuse(*args, **kwargs):
        raise ProtectedError("protected", {blocker})

    monkeypatch.setattr(services, "delete_decision", refuse)
    client.force_login(personas.lamdong)
    response = client.post(f"/clusters/decisions/{decision.pk}/delete/")
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("1 " in text and str(blocker._meta.verbose_name) in text for text in texts)


# The outside client's findings: 401, strict filters, nullable fields.


def test_requests_without_credentials_get_401_with_the_token_challenge(client):
    response = client.get(API + "facilities/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    "path, query",
    [
        ("clusters/tenants/", {"cluster": ""}),
        ("surveys/collaborators/", {"active": "-307457198"}),
        ("facilities/", {"page_size": "__main__"}),
        ("facilities/", {"page_size": "0"}),
    ],
)
def test_unreadable_filters_are_refused_not_ignored(client, personas, path, query):
    token_client(client, personas.central)
    assert client.get(API + path, query).status_code == 400


def test_an_empty_text_filter_still_means_no_filter(client, personas, facility):
    token_client(client, personas.lamdong)
    assert client.get(API + "facilities/", {"q": ""}).json()["count"] == 1


def test_the_schema_declares_what_the_api_returns(client, personas):
    token_client(client, personas.central)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    for component, field in [
        ("Cluster", "investor_name"),
        ("Cluster", "latest_occupancy"),
        ("Correspondence", "cluster_decision"),
        ("Plan", "decision_number"),
    ]:
        assert components[component]["properties"][field].get("nullable"), (component, field)
    status_after = components["FollowUp"]["properties"]["status_after"]
    assert "oneOf" in status_after and {"$ref": "#/components/schemas/BlankEnum"} in status_after["oneOf"]
    detail = schema["paths"]["/api/v1/facilities/{id}/"]
    assert {"412", "401", "403", "404"} <= set(detail["patch"]["responses"])
    assert "ETag" in detail["get"]["responses"]["200"]["headers"]
    assert any(p["name"] == "If-Match" for p in detail["put"]["parameters"])
    assert "409" in schema["paths"]["/api/v1/inspections/plans/{id}/"]["delete"]["responses"]
