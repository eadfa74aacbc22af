"""Long list exports and report files run as background jobs: the page, the progress, the file, the owner.

The test settings use the immediate task backend, so a job queued on commit runs at once.
"""

import csv
import io
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from khuyencong.accounts.tests.factories import OrganisationFactory
from khuyencong.imports import jobs
from khuyencong.imports.choices import JobKind, JobStatus
from khuyencong.imports.models import Job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def orgs(personas):
    for name, where in [
        ("Công ty Thuận An", personas.dak_nong),
        ("Công ty Bảo Lộc", personas.lam_dong),
        ("Công ty Đà Lạt", personas.lam_dong),
        ('=HYPERLINK("http://evil")', personas.lam_dong),
        ("Công ty Hà Nội", personas.ha_noi),
    ]:
        OrganisationFactory(name=name, province=where)
    return personas


def job_of(response):
    assert response.status_code == 302, response.status_code
    job = Job.objects.latest("pk")
    assert response["Location"] == reverse("imports:job", args=[job.pk])
    return job


def test_a_long_export_becomes_a_job_with_exactly_the_rows_the_page_shows(
    client, orgs, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_ROWS = 2
    client.force_login(orgs.lamdong)
    query = {"q": "cong ty"}  # filters out the "=HYPERLINK" one; scope filters out Hà Nội's
    shown = sorted(o.name for o in client.get("/accounts/organisations/", query).context["object_list"])
    assert len(shown) == 3

    with django_capture_on_commit_callbacks() as queued:
        response = client.get("/accounts/organisations/", {**query, "export": "xlsx"})
    job = job_of(response)
    assert job.kind == JobKind.EXPORT and job.user == orgs.lamdong
    assert job.params["query"] == "q=cong+ty" and job.params["format"] == "xlsx"
    # Until the worker takes it, the page polls the job's progress.
    waiting = client.get(response["Location"]).content.decode()
    assert 'data-status="queued"' in waiting and reverse("imports:job-status", args=[job.pk]) in waiting
    # While it runs, the polled fragment shows the share of rows written and keeps polling.
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, phase="exporting", done=1, total=3)
    status = client.get(reverse("imports:job-status", args=[job.pk]), headers={"HX-Request": "true"})
    assert 'data-percent="33"' in status.content.decode() and "HX-Redirect" not in status
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, phase="", done=0, total=0)
    for callback in queued:  # the worker's turn
        callback()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.messages
    assert (job.done, job.total) == (3, 3) and job.output and job.filename.endswith(".xlsx")

    page = client.get(response["Location"]).content.decode()
    assert 'id="job-download"' in page and 'data-percent="100"' in page
    download = client.get(reverse("imports:job-download", args=[job.pk]))
    assert download.status_code == 200
    assert f'filename="{job.filename}"' in download["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    values = [[c.value for c in row] for row in book.active.iter_rows()]
    assert values[0][0] == "Tên"
    assert sorted(row[0] for row in values[1:]) == shown

    # CSV: the same rows, with the BOM Excel needs; a formula-like name is neutralised.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/accounts/organisations/", {"export": "csv"})
    job = job_of(response)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.total == 4
    body = b"".join(client.get(reverse("imports:job-download", args=[job.pk])).streaming_content).decode()
    assert body.startswith("\ufeff")
    names = [row[0] for row in csv.reader(io.StringIO(body.lstrip("\ufeff")))][1:]
    assert sorted(names) == sorted([*shown, '\'=HYPERLINK("http://evil")'])

    # A list within the limit is still streamed at once (no job).
    before = Job.objects.count()
    small = client.get("/accounts/organisations/", {"q": "thuan an", "export": "xlsx"})
    assert small.status_code == 200 and small.streaming and Job.objects.count() == before

    # My jobs lists both, with their files.
    listing = client.get(reverse("imports:jobs")).content.decode()
    assert listing.count('data-job="') == 2
    assert listing.count(reverse("imports:job-download", args=[job.pk])) == 1


def test_jobs_and_their_files_are_their_owners_only(
    client, orgs, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_ROWS = 1
    client.force_login(orgs.lamdong)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_of(client.get("/accounts/organisations/", {"export": "csv"}))
    urls = [reverse(f"imports:{name}", args=[job.pk]) for name in ("job", "job-status", "job-download")]
    assert all(client.get(url).status_code == 200 for url in urls)
    # The generic file view serves it to its owner only, too.
    generic = f"/files/imports/job/{job.pk}/output/"
    assert client.get(generic).status_code == 200
    for other in (orgs.hanoi, orgs.central, orgs.viewer):
        client.force_login(other)
        for url in [*urls, generic]:
            assert client.get(url).status_code == 404, (other, url)
        assert 'data-job="' not in client.get(reverse("imports:jobs")).content.decode()
    client.logout()
    assert all(client.get(url).status_code == 302 for url in urls)


def test_a_failed_job_says_why_and_leaves_no_file(client, orgs, media, monkeypatch):
    personas = orgs
    job = Job.objects.create(
        kind=JobKind.EXPORT,
        user=personas.lamdong,
        status=JobStatus.QUEUED,
        params={"path": "/nowhere/", "query": "", "format": "xlsx", "title": "?"},
    )
    jobs.dispatch(job)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.output
    assert "No page can produce this file: /nowhere/" in job.messages[0]

    # A fault half-way through writing the file: no file is kept, the job says why.
    from khuyencong.core import exports

    def broken(values):
        raise OSError("đĩa đầy")

    monkeypatch.setattr(exports, "_csv_text", broken)
    job = Job.objects.create(
        kind=JobKind.EXPORT,
        user=personas.lamdong,
        status=JobStatus.QUEUED,
        params={"path": "/accounts/organisations/", "query": "", "format": "csv", "title": "Tổ chức"},
    )
    jobs.dispatch(job)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.output and job.finished_at
    assert "đĩa đầy" in job.messages[0] and "no file was produced" in job.messages[0]
    assert not list(media.rglob("*.csv"))
    client.force_login(personas.lamdong)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert 'id="errors"' in page and "đĩa đầy" in page
    assert client.get(reverse("imports:job-download", args=[job.pk])).status_code == 404


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_a_report_download_is_a_job_that_makes_a_real_pdf(
    client, personas, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(personas.lamdong)
    query = {"province": "dak nong", "as_of": "16/05/2025"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/reports/clusters/", {**query, "download": "pdf"})
    job = job_of(response)
    job.refresh_from_db()
    assert job.kind == JobKind.REPORT and job.status == JobStatus.SUCCEEDED, job.messages
    assert job.filename == "bao-cao-clusters-dak-nong.pdf" and "Đắk Nông" in job.title
    target = tmp_path / job.filename
    target.write_bytes(b"".join(client.get(reverse("imports:job-download", args=[job.pk])).streaming_content))
    out = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(out.split())
    assert "UBND TỈNH ĐẮK NÔNG" in text and "Đắk Nông, ngày 16 tháng 5 năm 2025" in text

    # A form that names no province makes no job: the page says why.
    before = Job.objects.count()
    page = client.get("/reports/clusters/", {"province": "nowhere", "download": "pdf"})
    assert page.status_code == 200 and Job.objects.count() == before


def test_old_files_are_deleted(client, orgs, media, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_INLINE_ROWS = 0
    client.force_login(orgs.lamdong)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_of(client.get("/accounts/organisations/", {"export": "xlsx"}))
    job.refresh_from_db()
    path = job.output.path
    assert job.status == JobStatus.SUCCEEDED and job.total == 4
    assert jobs.purge_outputs() == 0
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=8))
    out = io.StringIO()
    call_command("purge_jobs", stdout=out)
    assert out.getvalue().startswith("1 files deleted")
    job.refresh_from_db()
    assert not job.output and not Path(path).exists()
    assert 'id="job-expired"' in client.get(reverse("imports:job", args=[job.pk])).content.decode()
