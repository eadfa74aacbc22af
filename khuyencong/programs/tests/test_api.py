"""API: the same scoping and service functions as the pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from khuyencong.programs.choices import Status
from khuyencong.programs.models import Project, StatusChange

from .factories import drive, project

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def lam(personas, ref):
    return drive(project(personas.lam_dong), Status.IN_PROGRESS, personas)


def test_hanoi_officer_gets_404_and_cannot_act(personas, lam):
    client = api(personas.hanoi)
    assert client.get(f"/api/v1/programs/projects/{lam.pk}/").status_code == 404
    response = client.post(
        f"/api/v1/programs/projects/{lam.pk}/transition/", {"name": "complete"}, format="json"
    )
    assert response.status_code == 404
    assert client.get("/api/v1/programs/projects/").json()["count"] == 0
    assert client.get("/api/v1/programs/plans/").json()["count"] == 0
    lam.refresh_from_db()
    assert lam.status == Status.IN_PROGRESS


def test_central_sees_all_and_cannot_edit_local(personas, lam):
    client = api(personas.central)
    data = client.get(f"/api/v1/programs/projects/{lam.pk}/").json()
    assert data["status"] == "in_progress" and data["available_transitions"] == []
    response = client.post(
        f"/api/v1/programs/projects/{lam.pk}/transition/", {"name": "complete"}, format="json"
    )
    assert response.status_code == 403
    assert (
        client.patch(f"/api/v1/programs/projects/{lam.pk}/", {"title": "x"}, format="json").status_code == 403
    )
    assert client.get("/api/v1/programs/programmes/").status_code == 200


def test_transition_through_the_api(personas, lam):
    client = api(personas.lamdong)
    detail = client.get(f"/api/v1/programs/projects/{lam.pk}/").json()
    assert detail["available_transitions"] == ["request_adjustment", "request_stop", "complete"]
    response = client.post(
        f"/api/v1/programs/projects/{lam.pk}/transition/",
        {"name": "request_stop", "reason": "xin dừng"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "stop_requested"
    response = client.post(
        f"/api/v1/programs/projects/{lam.pk}/transition/",
        {"name": "refuse_stop", "document": {"number": "9/SCT", "issued_on": "2026-06-01"}},
        format="json",
    )
    assert response.json()["status"] == "in_progress"
    # A step not possible now is a 400 with the reason, and nothing changes.
    response = client.post(
        f"/api/v1/programs/projects/{lam.pk}/transition/", {"name": "settle"}, format="json"
    )
    assert response.status_code in (400, 403)
    assert StatusChange.objects.filter(project=lam, transition="settle").count() == 0


def test_required_document_via_api(personas, lam):
    client = api(personas.lamdong)
    client.post(f"/api/v1/programs/projects/{lam.pk}/transition/", {"name": "complete"}, format="json")
    response = client.post(
        f"/api/v1/programs/projects/{lam.pk}/transition/", {"name": "accept"}, format="json"
    )
    assert response.status_code == 400
    lam.refresh_from_db()
    assert lam.status == Status.COMPLETED


def test_status_is_read_only_and_approved_projects_change_by_adjustment(personas, lam):
    client = api(personas.lamdong)
    response = client.patch(f"/api/v1/programs/projects/{lam.pk}/", {"status": "settled"}, format="json")
    assert response.status_code == 403
    lam.refresh_from_db()
    assert lam.status == Status.IN_PROGRESS


def test_create_goes_through_the_service_and_scope(personas, ref):
    from khuyencong.programs.models import ContentCategory

    client = api(personas.lamdong)
    payload = {
        "code": "API-1",
        "title": "Qua API",
        "level": "local",
        "plan_year": 2026,
        "category": ContentCategory.objects.get(code="KC01").pk,
        "province": personas.ha_noi.pk,
    }
    response = client.post("/api/v1/programs/projects/", payload, format="json")
    assert response.status_code == 400 and "province" in response.json()
    assert not Project.objects.filter(code="API-1").exists()
    payload["province"] = personas.lam_dong.pk
    response = client.post("/api/v1/programs/projects/", payload, format="json")
    assert response.status_code == 201, response.content
    assert Project.objects.get(code="API-1").status_changes.count() == 1


def _count(client, url):
    client.get(url)  # warm-up: the user's access scope is computed once per user object
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_api_list_query_count_does_not_grow(personas, ref):
    for _ in range(3):
        project(personas.lam_dong)
    client = api(personas.lamdong)
    few = _count(client, "/api/v1/programs/projects/")
    for _ in range(27):
        project(personas.lam_dong)
    assert _count(client, "/api/v1/programs/projects/") == few


def test_programmes_national_visible_to_all_local_only_in_scope(personas, ref):
    from .factories import ProgrammeFactory

    national = ProgrammeFactory(level="national", province=None)
    local_ld = ProgrammeFactory(level="local", province=personas.lam_dong)
    seen = {p["id"] for p in api(personas.hanoi).get("/api/v1/programs/programmes/").json()["results"]}
    assert seen == {national.pk}
    seen = {p["id"] for p in api(personas.lamdong).get("/api/v1/programs/programmes/").json()["results"]}
    assert seen == {national.pk, local_ld.pk}
    assert api(personas.nobody).get("/api/v1/programs/programmes/").json()["count"] == 0
