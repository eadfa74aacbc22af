"""Every write path leaves a history row with its actor (issue #9, item 8): one test per path.

Paths: the web forms, the REST API (token and session, create/change/delete and a workflow step), the
Excel import as a management command (for an officer, and as a system import without a user), the Excel
upload page whose import runs as a background job (through the page, and run by the task backend outside
any request as `khuyencong db_worker` does), the service layer, and the set-up command. A system write
has no user and says why in the change reason. (core/tests/test_audit.py covers the admin and the
`setup --demo` command for organisations.)
"""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from khuyencong.facilities.models import Facility
from khuyencong.imports.tests.workbooks import realistic_workbook, workbook_bytes
from khuyencong.programs.models import Project

pytestmark = pytest.mark.django_db


def history(model, **filters):
    return list(model.history.filter(**filters).order_by("history_id"))


def test_web_form_create_and_edit(client, personas):
    client.force_login(personas.lamdong)
    data = {"name": "Cơ sở Gốm Bát Tràng", "kind": "household", "province": personas.lam_dong.pk}
    assert client.post(reverse("facilities:create"), {**data, "workers": 3}).status_code == 302
    facility = Facility.objects.get(name="Cơ sở Gốm Bát Tràng")
    version = facility.history.latest("history_id").history_id
    response = client.post(
        reverse("facilities:update", args=[facility.pk]), {**data, "workers": 9, "_history_version": version}
    )
    assert response.status_code == 302
    rows = history(Facility, id=facility.pk)
    assert [(r.history_type, r.workers, r.history_user) for r in rows] == [
        ("+", 3, personas.lamdong),
        ("~", 9, personas.lamdong),
    ]


def test_api_with_a_token_create_change_delete(personas):
    token = Token.objects.create(user=personas.lamdong)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post(
        "/api/v1/facilities/",
        {"name": "Cơ sở API", "kind": "household", "province": personas.lam_dong.pk, "workers": 2},
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert api.patch(f"/api/v1/facilities/{pk}/", {"workers": 5}, format="json").status_code == 200
    assert api.delete(f"/api/v1/facilities/{pk}/").status_code == 204
    rows = history(Facility, id=pk)
    assert [r.history_type for r in rows] == ["+", "~", "-"]
    assert {r.history_user for r in rows} == {personas.lamdong}


def test_api_workflow_step(personas, ref):
    from khuyencong.programs.tests.factories import project

    draft = project(personas.lam_dong)
    api = APIClient()
    api.force_login(personas.lamdong)  # session authentication, as the pages' scripts use it
    response = api.post(
        f"/api/v1/programs/projects/{draft.pk}/transition/", {"name": "submit"}, format="json"
    )
    assert response.status_code == 200, response.content
    latest = draft.history.latest("history_id")
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        "submitted",
        personas.lamdong,
        "đề án: submit",
    )
    assert draft.status_changes.get(transition="submit").changed_by == personas.lamdong


def test_service_call(personas, ref):
    from khuyencong.programs import services
    from khuyencong.programs.tests.factories import project

    draft = project(personas.lam_dong)
    services.submit(draft, actor=personas.lamdong)
    latest = draft.history.latest("history_id")
    assert (latest.history_user, latest.history_change_reason) == (personas.lamdong, "đề án: submit")


def test_excel_import_command_for_an_officer_and_as_the_system(personas, ref, tmp_path):
    path = tmp_path / "dak-nong.xlsx"
    realistic_workbook().save(path)
    call_command("import", str(path), "--user", "lamdong", stdout=StringIO())
    rows = history(Project) + history(Facility)
    assert rows and {(r.history_user, r.history_change_reason) for r in rows} == {
        (personas.lamdong, "Nhập Excel dak-nong.xlsx")
    }
    Project.objects.all().delete()
    Facility.objects.all().delete()
    last = {model: model.history.latest("history_id").history_id for model in (Project, Facility)}
    call_command("import", str(path), stdout=StringIO())  # the operator's system import: no user
    rows = history(Project, history_id__gt=last[Project]) + history(Facility, history_id__gt=last[Facility])
    assert len(rows) >= 12  # 9 đề án and 3 establishments created (some đề án saved again with their status)
    assert {(r.history_user, r.history_change_reason) for r in rows} == {(None, "Nhập Excel dak-nong.xlsx")}


def upload(client):
    content = workbook_bytes(realistic_workbook())
    response = client.post(reverse("imports:upload"), {"file": SimpleUploadedFile("tai-len.xlsx", content)})
    assert response.status_code == 302
    from khuyencong.imports.models import Job

    return Job.objects.latest("pk")


def test_excel_upload_page_and_its_background_job(
    client, personas, ref, media, django_capture_on_commit_callbacks
):
    from khuyencong.imports.choices import JobStatus

    client.force_login(personas.lamdong)
    job = upload(client)
    assert job.history.earliest("history_id").history_user == personas.lamdong
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:job-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.messages
    rows = history(Project) + history(Facility)
    assert len(rows) >= 12
    assert {(r.history_user, r.history_change_reason) for r in rows} == {
        (personas.lamdong, "Nhập Excel tai-len.xlsx")
    }


def test_background_job_run_by_the_task_backend_outside_any_request(client, personas, ref, media):
    """The worker has no request: the actor is the job's user, set by the import itself."""
    from khuyencong.imports.choices import JobStatus
    from khuyencong.imports.jobs import confirm
    from khuyencong.imports.tasks import run_import_job

    client.force_login(personas.lamdong)
    job = upload(client)
    client.logout()
    confirm(job)  # outside a request; the on-commit dispatch is not run here
    run_import_job.enqueue(job.pk)  # what `khuyencong db_worker` does with the queued task
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.messages
    rows = history(Project) + history(Facility)
    assert rows and {r.history_user for r in rows} == {personas.lamdong}
    # The job's own rows: created by the officer's upload; later saves by the worker are the system's.
    assert job.history.earliest("history_id").history_user == personas.lamdong


def test_setup_command_writes_are_the_systems_with_the_commands_reason(settings, geo):
    from khuyencong.clusters.models import Cluster

    settings.DEBUG = True
    call_command("setup", demo=True, verbosity=0)
    created = history(Cluster, history_type="+") + history(Facility, history_type="+")
    assert created
    assert {(r.history_user, r.history_change_reason) for r in created} == {(None, "khuyencong setup --demo")}
    # Some demo steps are played in the demo officers' names (đề án through the workflow services, an
    # officer's correction): then the row has that user; every row says why.
    rows = history(Cluster) + history(Facility) + history(Project)
    assert all(r.history_change_reason for r in rows)
    assert any(r.history_user is not None for r in rows)
