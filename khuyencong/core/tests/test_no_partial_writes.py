"""A failed import, job, transition or form save leaves no partial data (issue #9, item 7).

Each test lets the real code run and makes it fail half-way through its writes — a `post_save` receiver
raises after N records were saved, as a crash, a full disk or a lost connection would — then checks that
the database holds nothing of it: no records, no history rows, no status log, no decision document.
These tests use real transactions (`transaction=True`), so what is checked is what was committed, on
SQLite and on PostgreSQL alike.
"""

from contextlib import contextmanager
from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models.signals import post_save

from khuyencong.facilities.models import Facility
from khuyencong.imports.tests.workbooks import realistic_workbook, workbook_bytes
from khuyencong.programs.models import Document, Project, ProjectVersion, StatusChange

pytestmark = pytest.mark.django_db(transaction=True)


class Crash(RuntimeError):
    pass


@contextmanager
def crash_after(model, saves, message="mất điện giữa chừng"):
    """Make the (saves + 1)-th save of `model` fail, after the earlier ones were written."""
    count = {"n": 0}

    def receiver(sender, instance, **kwargs):
        count["n"] += 1
        if count["n"] > saves:
            raise Crash(message)

    post_save.connect(receiver, sender=model, weak=False)
    try:
        yield count
    finally:
        post_save.disconnect(receiver, sender=model)


def nothing_imported():
    return (
        Project.objects.count(),
        Facility.objects.count(),
        Project.history.count(),
        Facility.history.count(),
        StatusChange.objects.count(),
    ) == (0, 0, 0, 0, 0)


def test_an_import_job_killed_half_way_leaves_nothing_and_says_why(personas, ref, media):
    from khuyencong.imports import jobs
    from khuyencong.imports.choices import JobStatus

    upload = SimpleUploadedFile("dak-nong.xlsx", workbook_bytes(realistic_workbook()))
    job = jobs.create_preview(upload, personas.lamdong)
    assert job.status == JobStatus.PREVIEWED
    # The facilities sheet (3 rows) is written first, then the đề án: crash on the 5th đề án save. Outside
    # a transaction the confirmed job is handed to the task backend at once (immediate backend in tests).
    with crash_after(Project, 4) as saves:
        assert jobs.confirm(job)
    assert saves["n"] == 5  # it really was half-way: four đề án had been saved
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert "mất điện giữa chừng" in job.messages[0] and "nothing was written" in job.messages[0]
    assert nothing_imported()


def test_an_import_command_that_crashes_half_way_writes_nothing(personas, ref, tmp_path):
    path = tmp_path / "dak-nong.xlsx"
    realistic_workbook().save(path)
    with crash_after(Facility, 2), pytest.raises(Crash):
        call_command("import", str(path), "--user", "lamdong", stdout=StringIO())
    assert nothing_imported()
    # The same file imports completely once the fault is gone.
    call_command("import", str(path), "--user", "lamdong", stdout=StringIO())
    assert (Project.objects.count(), Facility.objects.count()) == (9, 3)


def test_a_transition_that_fails_after_its_first_writes_leaves_no_trace(personas, ref):
    from khuyencong.programs import services
    from khuyencong.programs.choices import Status
    from khuyencong.programs.tests.factories import drive, plan_for, project

    submitted = drive(project(personas.lam_dong), Status.SUBMITTED, personas)
    before = (
        StatusChange.objects.count(),
        Document.objects.count(),
        ProjectVersion.objects.count(),
        submitted.history.count(),
    )
    document = {"number": "15/QĐ-SCT", "issued_on": date(2026, 4, 1), "issuing_body_name": "Sở Công Thương"}
    # approve() writes the plan link, the decision document and the status log, then saves the đề án:
    # the second save of the đề án fails.
    with crash_after(Project, 1), pytest.raises(Crash):
        services.approve(submitted, actor=personas.lamdong, document=document, plan=plan_for(submitted))
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and submitted.plan is None
    assert (
        StatusChange.objects.count(),
        Document.objects.count(),
        ProjectVersion.objects.count(),
        submitted.history.count(),
    ) == before
    assert not Document.objects.filter(number="15/QĐ-SCT").exists()


def test_a_web_form_save_that_fails_half_way_leaves_nothing(client, personas):
    from khuyencong.accounts.tests.factories import OrganisationFactory
    from khuyencong.clusters.models import Cluster, ClusterInvestorAssignment

    investor = OrganisationFactory(kind="enterprise", province=personas.lam_dong)
    client.force_login(personas.lamdong)
    client.raise_request_exception = True
    data = {
        "name": "Cụm dở dang",
        "code": "LD-DD",
        "province": personas.lam_dong.pk,
        "communes": [personas.commune.pk],
        "kind": "ordinary",
        "investor": investor.pk,
        "investor_since": "2025-08-01",
    }
    # The cluster and its communes are saved, then recording the investor fails.
    with crash_after(ClusterInvestorAssignment, 0), pytest.raises(Crash):
        client.post("/clusters/add/", data)
    assert not Cluster.objects.exists() and not Cluster.history.exists()
    assert not ClusterInvestorAssignment.objects.exists()
