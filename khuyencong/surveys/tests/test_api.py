"""API: a resend returns the stored response (200, not 201); the sync batch is idempotent; scoping."""

import base64
import io
import uuid

import pytest
from PIL import Image
from rest_framework.test import APIClient

from khuyencong.surveys.models import ResponsePhoto, SurveyResponse

from .conftest import need_answers

pytestmark = pytest.mark.django_db


def jpeg_data_url():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 100, 50)).save(buffer, "JPEG")
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def submission(field, **extra):
    return {
        "client_uuid": str(uuid.uuid4()),
        "form": field.forms.need.pk,
        "commune": field.commune.pk,
        "answers": need_answers(),
        "latitude": 11.94041234,
        "longitude": 108.45834,
        "accuracy_m": 8.5,
        "captured_at": "2026-03-02T08:30:00+07:00",
        "photos": [{"field": "workshop_photo", "data": jpeg_data_url()}],
        **extra,
    }


def test_create_then_resend_returns_the_same_record(field):
    client = api(field.personas.collaborator)
    payload = submission(field)
    first = client.post("/api/v1/surveys/responses/", payload, format="json")
    assert first.status_code == 201, first.content
    again = client.post("/api/v1/surveys/responses/", payload, format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert SurveyResponse.objects.count() == 1 and ResponsePhoto.objects.count() == 1
    stored = SurveyResponse.objects.get()
    assert str(stored.latitude) == "11.940412" and stored.accuracy_m == 8


def test_sync_batch_is_idempotent_and_reports_each_item(field):
    client = api(field.personas.collaborator)
    good, bad = submission(field), submission(field, answers={"facility_name": "X"})
    batch = {"submissions": [good, bad, {"nonsense": True}]}
    first = client.post("/api/v1/surveys/responses/sync/", batch, format="json")
    assert first.status_code == 200
    results = first.json()["results"]
    assert [r["result"] for r in results] == ["created", "error", "error"]
    assert "products" in results[1]["errors"]
    second = client.post("/api/v1/surveys/responses/sync/", batch, format="json")
    assert [r["result"] for r in second.json()["results"]] == ["existing", "error", "error"]
    assert second.json()["results"][0]["id"] == results[0]["id"]
    assert SurveyResponse.objects.count() == 1


def test_another_users_client_id_is_refused_not_leaked(field):
    payload = submission(field)
    assert (
        api(field.personas.collaborator)
        .post("/api/v1/surveys/responses/", payload, format="json")
        .status_code
        == 201
    )
    other = api(field.personas.hanoi).post("/api/v1/surveys/responses/", payload, format="json")
    assert other.status_code == 403


def test_collaborator_lists_only_own_and_cannot_review(field):
    client = api(field.personas.collaborator)
    created = client.post("/api/v1/surveys/responses/", submission(field), format="json").json()
    assert [r["id"] for r in client.get("/api/v1/surveys/responses/").json()["results"]] == [created["id"]]
    assert (
        client.post(f"/api/v1/surveys/responses/{created['id']}/review/", {}, format="json").status_code
        == 403
    )
    assert api(field.personas.hanoi).get(f"/api/v1/surveys/responses/{created['id']}/").status_code == 404
    officer = api(field.personas.lamdong)
    reviewed = officer.post(
        f"/api/v1/surveys/responses/{created['id']}/review/", {"note": "ok"}, format="json"
    )
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "reviewed"
    merged = officer.post(f"/api/v1/surveys/responses/{created['id']}/merge/", {}, format="json")
    assert merged.status_code == 200 and merged.json()["facility"] is not None


def test_assignments_and_forms_endpoints(field):
    officer = api(field.personas.lamdong)
    made = officer.post(
        "/api/v1/surveys/assignments/",
        {
            "collaborator": field.collaborator.pk,
            "purpose": "need_survey",
            "facilities": [field.facility.pk],
            "due_date": "2030-01-31",
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["province"] == field.personas.lam_dong.pk
    refused = officer.post(
        "/api/v1/surveys/assignments/",
        {"collaborator": field.collaborator.pk, "purpose": "need_survey", "due_date": "2030-01-31"},
        format="json",
    )
    assert refused.status_code == 400
    mine = api(field.personas.collaborator).get("/api/v1/surveys/assignments/").json()["results"]
    assert [a["id"] for a in mine] == [made.json()["id"]]
    assert api(field.personas.hanoi).get("/api/v1/surveys/assignments/").json()["results"] == []
    forms = api(field.personas.collaborator).get("/api/v1/surveys/forms/").json()["results"]
    assert {f["code"] for f in forms} == {"need-survey", "acceptance-check"}
    collaborators = api(field.personas.collaborator).get("/api/v1/surveys/collaborators/").json()["results"]
    assert [c["id"] for c in collaborators] == [field.collaborator.pk]
