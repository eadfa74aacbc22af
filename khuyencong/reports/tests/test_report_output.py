"""Reports as .xlsx (read back, and through LibreOffice) and as official-layout PDF (text extracted)."""

import csv
import io
import shutil
import subprocess

import openpyxl
import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def pdf_text(path):
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_cluster_report_xlsx_has_the_seed_figures(demo, tmp_path):
    target = tmp_path / "ccn.xlsx"
    call_command(
        "report",
        "clusters",
        "--province",
        "dak nong",
        "--as-of",
        "2025-05-16",
        "--format",
        "xlsx",
        "-o",
        str(target),
        verbosity=0,
    )
    book = openpyxl.load_workbook(target)
    summary = [[c.value for c in row] for row in book["Tổng hợp"].iter_rows()]
    assert summary[0] == ["Chỉ tiêu", "Số cụm", "Diện tích (ha)"]
    assert summary[1][1:] == [11, 825] and summary[2][1:] == [2, 89.61] and summary[3][1:] == [4, 149.61]
    listing = [[c.value for c in row] for row in book["Danh sách cụm"].iter_rows()]
    assert listing[-1][0] == "Tổng cộng" and listing[-1][3] == 825


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_promotion_xlsx_opens_in_libreoffice(demo, tmp_path):
    target = tmp_path / "kc.xlsx"
    call_command(
        "report",
        "promotion",
        "--province",
        "Đắk Nông",
        "--from-year",
        "2022",
        "--to-year",
        "2023",
        "--format",
        "xlsx",
        "-o",
        str(target),
        verbosity=0,
    )
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = (tmp_path / "kc.csv").read_text(encoding="utf-8")
    # LibreOffice writes the cells as displayed (#,##0 with its own grouping): compare the digits.
    rows = [[cell.replace(",", "").replace(".", "") for cell in row] for row in csv.reader(io.StringIO(text))]
    assert rows[1][:5] == ["Khuyến công quốc gia", "8", "8", "0", "7040"]
    assert rows[2][:5] == ["Khuyến công địa phương", "15", "14", "1", "3362"]
    assert rows[3][0] == "Tổng cộng" and rows[3][4] == "10402"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_report_pdfs_render_vietnamese(demo, tmp_path):
    target = tmp_path / "ccn.pdf"
    call_command(
        "report",
        "clusters",
        "--province",
        "Đắk Nông",
        "--as-of",
        "2025-05-16",
        "--format",
        "pdf",
        "-o",
        str(target),
        verbosity=0,
    )
    text = pdf_text(target)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "UBND TỈNH ĐẮK NÔNG",
        "SỞ CÔNG THƯƠNG",
        "Đắk Nông, ngày 16 tháng 5 năm 2025",
        "825 ha",
        "89,61 ha",
        "149,61 ha",
        "Thuận An",
    ]:
        assert expected in text, expected
    target = tmp_path / "kc.pdf"
    call_command(
        "report",
        "promotion",
        "--province",
        "Đắk Nông",
        "--from-year",
        "2022",
        "--to-year",
        "2023",
        "--format",
        "pdf",
        "-o",
        str(target),
        verbosity=0,
    )
    text = pdf_text(target)
    assert "7.040 triệu đồng" in text and "14/15" in text and "3.362 triệu đồng" in text


def job_file(client, url, query, on_commit):
    """Ask for a report file on its page: a background job (run at once in the tests), then its file."""
    from django.urls import reverse

    from khuyencong.imports.models import Job

    with on_commit(execute=True):
        response = client.get(url, query)
    job = Job.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("imports:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "succeeded", job.messages
    download = client.get(reverse("imports:job-download", args=[job.pk]))
    return download, b"".join(download.streaming_content)


@pytest.mark.usefixtures("media")
def test_report_page_downloads_respect_scope(client, demo, django_capture_on_commit_callbacks):
    from khuyencong.accounts.models import User
    from khuyencong.imports.models import Job

    client.force_login(User.objects.get(username="lamdong"))
    query = {"province": "dak nong", "as_of": "16/05/2025", "download": "xlsx"}
    response, content = job_file(client, "/reports/clusters/", query, django_capture_on_commit_callbacks)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book["Tổng hợp"]["B2"].value == 11
    client.force_login(User.objects.get(username="hanoi"))
    # Hà Nội's officer is refused a report on Đắk Nông before any job is queued (never empty figures).
    jobs = Job.objects.count()
    assert client.get("/reports/clusters/", query).status_code == 403
    assert Job.objects.count() == jobs
    client.force_login(User.objects.get(username="lamdong"))
    promotion = {"province": "dak nong", "from_year": 2022, "to_year": 2023, "download": "pdf"}
    response, content = job_file(client, "/reports/promotion/", promotion, django_capture_on_commit_callbacks)
    assert response["Content-Type"] == "application/pdf" and content.startswith(b"%PDF")
