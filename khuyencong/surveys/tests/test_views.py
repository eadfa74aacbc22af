"""Pages: coverage, my assignments, the review desk (approve, merge with duplicate check, conflict,
draft đề án), the offline screen's service worker and manifest."""

import uuid

import pytest
from django.urls import reverse

from khuyencong.core import audit
from khuyencong.programs.models import Project
from khuyencong.surveys import services
from khuyencong.surveys.choices import ResponseStatus

from .conftest import need_answers

pytestmark = pytest.mark.django_db


def receive(field, **kwargs):
    kwargs.setdefault("answers", need_answers())
    kwargs.setdefault("commune", field.commune)
    return services.receive_response(
        actor=field.personas.collaborator, client_uuid=uuid.uuid4(), form=field.forms.need, **kwargs
    )[0]


def test_coverage_page_lists_communes_with_and_without_collaborator(client, field):
    client.force_login(field.personas.lamdong)
    page = client.get(reverse("surveys:home"), {"province": field.personas.lam_dong.pk}).content.decode()
    assert "H&#x27;Niê Hoa" in page or "H'Niê Hoa" in page
    assert 'id="coverage-communes"' in page and 'class="uncovered"' in page


def test_collaborator_sees_my_assignments(client, field):
    services.create_assignment(
        actor=field.personas.lamdong,
        collaborator=field.collaborator,
        commune=field.commune,
        due_date="2031-01-01",
    )
    client.force_login(field.personas.collaborator)
    page = client.get(reverse("surveys:home")).content.decode()
    assert 'id="my-assignments"' in page and field.commune.name in page
    assert client.get(reverse("surveys:assignment-list")).context["mine"] is True


def test_officer_reviews_merges_and_drafts_a_project_in_the_ui(client, field):
    response = receive(field)
    client.force_login(field.personas.lamdong)
    detail = reverse("surveys:response-detail", args=[response.pk])
    assert 'id="merge"' in client.get(detail).content.decode()
    client.post(reverse("surveys:response-review", args=[response.pk]), {"note": "đã xem"})
    response.refresh_from_db()
    assert response.status == ResponseStatus.REVIEWED
    client.post(reverse("surveys:response-merge", args=[response.pk]), {})
    response.refresh_from_db()
    assert response.status == ResponseStatus.MERGED
    page = client.get(detail).content.decode()
    assert 'id="draft-project"' in page
    answer = client.post(
        reverse("surveys:response-project", args=[response.pk]), {"level": "local", "plan_year": 2027}
    )
    project = Project.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "programs:project-detail", args=[project.pk]
    )
    response.refresh_from_db()
    assert response.project == project
    assert 'id="project-link"' in client.get(detail).content.decode()


def test_merge_page_shows_duplicates_and_links_on_request(client, field):
    response = receive(field, answers=need_answers(facility_name="co so moc hoa binh"))
    client.force_login(field.personas.lamdong)
    detail = reverse("surveys:response-detail", args=[response.pk])
    assert 'id="duplicates"' in client.get(detail).content.decode()
    client.post(reverse("surveys:response-merge", args=[response.pk]), {})
    response.refresh_from_db()
    assert response.status == ResponseStatus.RECEIVED  # refused: a duplicate exists
    client.post(reverse("surveys:response-merge", args=[response.pk]), {"link_to": field.facility.pk})
    response.refresh_from_db()
    assert response.status == ResponseStatus.MERGED and response.facility == field.facility


def test_conflict_page_shows_both_values_and_the_officer_picks(client, field):
    facility = field.facility
    version = audit.latest_history_id(facility)
    with audit.acting_as(field.personas.lamdong):
        facility.products = "Bàn ghế gỗ"
        facility.save()
    response = receive(field, facility=facility, base_version=version, answers=need_answers(products="Tủ gỗ"))
    assert response.status == ResponseStatus.CONFLICT
    client.force_login(field.personas.lamdong)
    page = client.get(reverse("surveys:response-detail", args=[response.pk])).content.decode()
    assert 'id="conflict"' in page and "Bàn ghế gỗ" in page and "Tủ gỗ" in page
    client.post(reverse("surveys:response-resolve", args=[response.pk]), {"pick_products": "survey"})
    facility.refresh_from_db()
    assert facility.products == "Tủ gỗ"


def test_collaborator_cannot_take_review_steps(client, field):
    response = receive(field)
    client.force_login(field.personas.collaborator)
    assert client.get(reverse("surveys:response-detail", args=[response.pk])).status_code == 200
    assert client.post(reverse("surveys:response-review", args=[response.pk]), {}).status_code == 404
    assert client.post(reverse("surveys:response-merge", args=[response.pk]), {}).status_code == 404


def test_service_worker_and_manifest(client, field):
    client.force_login(field.personas.collaborator)
    worker = client.get(reverse("surveys:service-worker"))
    assert worker["Content-Type"].startswith("text/javascript")
    assert worker["Service-Worker-Allowed"] == "/surveys/"
    body = worker.content.decode()
    assert (
        body.startswith("self.SW_CONFIG = ") and "/surveys/collect/" in body and "survey-offline.js" in body
    )
    manifest = client.get(reverse("surveys:manifest"))
    assert manifest["Content-Type"] == "application/manifest+json"
    assert manifest.json()["start_url"] == "/surveys/collect/"
    page = client.get(reverse("surveys:collect"))
    data = page.context["collect"]
    assert [f["id"] for f in data["facilities"]] == [field.facility.pk]  # not Hà Nội's
    assert data["facilities"][0]["version"] == audit.latest_history_id(field.facility)
    assert [c["id"] for c in data["communes"]] == [field.commune.pk]
    assert 'id="collect-data"' in page.content.decode() and "<script>" not in page.content.decode()
