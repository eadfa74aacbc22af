"""Upload page: refuse bad files, preview (dry run), confirm → job (immediate backend in tests) → result."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khuyencong.imports.choices import JobStatus
from khuyencong.imports.models import Job
from khuyencong.imports.template import build_template
from khuyencong.programs.models import Project

from .workbooks import realistic_workbook, workbook_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, content, name="dak-nong.xlsx"):
    return client.post(reverse("imports:upload"), {"file": SimpleUploadedFile(name, content, XLSX)})


def test_upload_preview_confirm_result(client, personas, ref, django_capture_on_commit_callbacks):
    client.force_login(personas.lamdong)
    page = client.get(reverse("imports:upload"))
    assert page.status_code == 200
    assert reverse("imports:template").encode() in page.content

    response = upload(client, workbook_bytes(realistic_workbook()))
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.status == JobStatus.PREVIEWED and job.user == personas.lamdong
    assert job.result["counts"]["Đề án khuyến công"]["created"] == 9
    assert Project.objects.count() == 0  # the preview writes nothing

    preview = client.get(response["Location"])
    assert b'id="confirm-import"' in preview.content
    assert 'data-sheet="Đề án khuyến công"' in preview.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("imports:job-confirm", args=[job.pk]))
    assert done.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.messages
    assert job.done >= 12 and job.finished_at is not None
    assert Project.objects.count() == 9
    result = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert 'id="result"' in result and 'data-percent="100"' in result

    # Confirming twice does not import twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:job-confirm", args=[job.pk]))
    assert Project.objects.count() == 9
    # The status fragment tells htmx to reload the page once the job is finished.
    fragment = client.get(reverse("imports:job-status", args=[job.pk]), headers={"HX-Request": "true"})
    assert fragment["HX-Redirect"] == reverse("imports:job", args=[job.pk])


def test_a_bad_file_shows_every_error_and_writes_nothing(client, personas, ref):
    client.force_login(personas.hanoi)
    response = upload(client, workbook_bytes(realistic_workbook()))
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    page = client.get(response["Location"]).content.decode()
    assert 'id="errors"' in page
    assert "ngoài phạm vi được sửa của tài khoản" in page
    assert 'id="confirm-import"' not in page
    assert client.post(reverse("imports:job-confirm", args=[job.pk])).status_code == 302
    assert Project.objects.count() == 0


def test_not_xlsx_and_too_large_files_are_refused(client, personas, settings):
    client.force_login(personas.lamdong)
    response = upload(client, b"Ma de an;Ten\nA;B\n", name="de-an.xlsx")
    assert response.status_code == 400
    assert "không phải là tệp Excel (chỉ nhận .xlsx, .xls" in response.content.decode()
    settings.IMPORT_MAX_BYTES = 2000
    response = upload(client, workbook_bytes(realistic_workbook()))
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()
    assert not Job.objects.exists()


def test_jobs_are_private_and_viewers_cannot_import(client, personas, ref):
    client.force_login(personas.lamdong)
    upload(client, workbook_bytes(realistic_workbook()))
    job = Job.objects.get()
    client.force_login(personas.hanoi)
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404
    client.force_login(personas.viewer)
    assert client.get(reverse("imports:upload")).status_code == 403
    client.logout()
    assert client.get(reverse("imports:upload")).status_code == 302


def test_template_workbook_has_vietnamese_headers_and_imports_once_filled(client, personas, ref):
    client.force_login(personas.lamdong)
    response = client.get(reverse("imports:template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:2] == ["Hướng dẫn", "Danh mục"]
    projects = workbook["Đề án khuyến công"]
    headers = [c.value for c in projects[1]]
    for label in ("Mã đề án (*)", "Tên đề án (*)", "Cấp (*)", "Năm kế hoạch (*)", "Tỉnh (*)", "Xã/Phường",
                  "Nội dung", "Đơn vị thực hiện", "Cơ sở thụ hưởng", "Kinh phí khuyến công (triệu đồng) (*)",
                  "Kinh phí đối ứng (triệu đồng)", "Trạng thái (*)", "Ngày nghiệm thu"):  # fmt: skip
        assert label in headers
    lists = [c.value for c in workbook["Danh mục"]["A"]] + [c.value for c in workbook["Danh mục"]["B"]]
    assert "Đã thanh quyết toán" in str(lists) or "Đã thanh quyết toán" in str(
        [[c.value for c in col] for col in workbook["Danh mục"].iter_cols()]
    )
    # Filling one row of the template is enough to import it.
    values = {
        "Mã đề án (*)": "T-1",
        "Tên đề án (*)": "Đào tạo",
        "Cấp (*)": "Địa phương",
        "Năm kế hoạch (*)": 2026,
        "Tỉnh (*)": "Lâm Đồng",
        "Nội dung": "Đào tạo nghề",
        "Kinh phí khuyến công (triệu đồng) (*)": 100,
        "Trạng thái (*)": "Đã phê duyệt",
    }
    projects.append([values.get(h) for h in headers])
    from khuyencong.imports.services import import_workbook

    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    result = import_workbook(buffer, actor=personas.lamdong, filename="mau.xlsx")
    assert result.ok, result.errors()
    assert Project.objects.get(code="T-1").state_support_vnd == 100_000_000
    assert build_template()[:2] == b"PK"


def test_a_job_that_fails_while_writing_says_why_and_leaves_nothing(
    client, personas, ref, monkeypatch, django_capture_on_commit_callbacks
):
    from khuyencong.imports.sheets import programs

    client.force_login(personas.lamdong)
    upload(client, workbook_bytes(realistic_workbook()))
    job = Job.objects.get()
    calls = []

    def explode(project, status, **kwargs):
        calls.append(project.code)
        if len(calls) == 5:  # half-way through the đề án sheet, after facilities were written
            raise RuntimeError("đĩa đầy")
        return original(project, status, **kwargs)

    original = programs.record_imported_status
    monkeypatch.setattr(programs, "record_imported_status", explode)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:job-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "đĩa đầy" in job.messages[0] and "nothing was written" in job.messages[0]
    from khuyencong.facilities.models import Facility

    assert Project.objects.count() == 0 and Facility.objects.count() == 0
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert 'id="errors"' in page and "đĩa đầy" in page
