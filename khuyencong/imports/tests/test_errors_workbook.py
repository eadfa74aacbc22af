"""A refused file comes back to the officer as their own workbook with the errors marked (issue #18): a
"Lỗi" column at the right end of each sheet with errors, the bad cells filled and commented; everything else
as it was. .xls and CSV files come back as .xlsx with the same rows."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl.styles import Font

from khuyencong.clusters.models import Cluster
from khuyencong.core.importing.annotate import ERROR_FILL
from khuyencong.imports.choices import JobStatus
from khuyencong.imports.models import Job
from khuyencong.programs.models import Project

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AREA = "Diện tích quy hoạch (ha)"
SUPPORT = "Kinh phí khuyến công (triệu đồng)"


def messy_workbook():
    """Clusters under a title row and a two-row header (a merged group), one row hidden, a total row; đề
    án under a title; a notes sheet. One bad cell in each data sheet: E5 and H4."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cụm công nghiệp"
    ws.append(["DANH SÁCH CỤM CÔNG NGHIỆP TỈNH ĐẮK NÔNG"])
    ws.append(["STT", "Mã CCN", "Tên CCN", "Tỉnh", "Diện tích (ha)", None])
    ws.append([None, None, None, None, "Quy hoạch", "Đất công nghiệp"])
    ws.append([1, "CCN-1", "Thuận An", "Đắk Nông", 50, 30])
    ws.append([2, "CCN-2", "BMC", "Đắk Nông", "abc", 35])
    ws.append([3, "CCN-3", "Nhân Cơ", "Đắk Nông", 70, 40])
    ws.append(["Tổng cộng", None, None, None, 120, 105])
    for merge in ("A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2"):
        ws.merge_cells(merge)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["C"].width = 31
    ws.row_dimensions[6].hidden = True
    ws["F4"].number_format = "#,##0.00"

    projects = wb.create_sheet("Đề án khuyến công")
    projects.append(["KẾ HOẠCH KHUYẾN CÔNG NĂM 2023"])
    projects.append(
        ["STT", "Mã đề án", "Tên đề án", "Cấp", "Năm kế hoạch", "Tỉnh", "Nội dung", SUPPORT, "Trạng thái"]
    )
    projects.append([1, "DA-1", "Đào tạo nghề mây tre", "Địa phương", 2023, "Đắk Nông", "Đào tạo nghề", 120,
                     "Đã phê duyệt"])  # fmt: skip
    projects.append([2, "DA-2", "Máy sấy cà phê", "Địa phương", 2023, "Đắk Nông", "Đào tạo nghề", "12a",
                     "Đã phê duyệt"])  # fmt: skip

    notes = wb.create_sheet("Ghi chú")
    notes["A1"] = "Số liệu do phòng Kinh tế tổng hợp"
    notes["B3"] = 42
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(client, content, name, **data):
    return client.post(reverse("imports:upload"), {"file": SimpleUploadedFile(name, content, XLSX), **data})


def values(ws):
    return {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None}


def marked(content):
    return openpyxl.load_workbook(io.BytesIO(content))


def test_a_refused_messy_workbook_comes_back_with_its_errors_marked(client, personas, ref):
    original = messy_workbook()
    client.force_login(personas.lamdong)
    response = upload(client, original, "ccn-dak-nong.xlsx")
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and Cluster.objects.count() == Project.objects.count() == 0
    cells = {(i["sheet"], i["row"], i["col"]) for i in job.result["issues"]}
    assert {("Cụm công nghiệp", 5, 5), ("Đề án khuyến công", 4, 8)} <= cells

    page = client.get(response["Location"]).content.decode()
    link = reverse("imports:job-errors", args=[job.pk])
    assert f'href="{link}"' in page and 'id="errors-workbook"' in page

    download = client.get(link)
    assert download.status_code == 200 and download["Content-Type"] == XLSX
    assert "ccn-dak-nong-loi.xlsx" in download["Content-Disposition"]
    book, before = marked(b"".join(download.streaming_content)), marked(original)
    assert book.sheetnames[:3] == ["Cụm công nghiệp", "Đề án khuyến công", "Ghi chú"]

    clusters = book["Cụm công nghiệp"]
    assert clusters["G2"].value == "Lỗi" and "G2:G3" in {str(r) for r in clusters.merged_cells.ranges}
    assert clusters["G5"].value.startswith(f"Cột '{AREA}': 'abc' không phải là số")
    assert " / " not in clusters["G5"].value  # Vietnamese UI: Vietnamese only
    assert [clusters[f"G{n}"].value for n in (1, 4, 6, 7)] == [None] * 4
    assert clusters["E5"].fill.fgColor.rgb.endswith(ERROR_FILL)
    assert "'abc' không phải là số" in clusters["E5"].comment.text
    assert clusters["E4"].fill.fill_type is None and clusters["E4"].comment is None
    # Everything else as it was: values, merges, the title's font, widths, hidden rows, number formats.
    old = values(before["Cụm công nghiệp"])
    assert {k: v for k, v in values(clusters).items() if k[1] != 7} == old
    assert set(map(str, before["Cụm công nghiệp"].merged_cells.ranges)) < set(
        map(str, clusters.merged_cells.ranges)
    )
    assert clusters["A1"].font.b and clusters["A1"].font.sz == 14
    assert clusters.column_dimensions["C"].width == 31
    assert clusters.row_dimensions[6].hidden and not clusters.row_dimensions[5].hidden
    assert clusters["F4"].number_format == "#,##0.00"

    projects = book["Đề án khuyến công"]
    assert projects["J2"].value == "Lỗi"
    assert projects["J4"].value.startswith(f"Cột '{SUPPORT}': '12a'") and projects["J3"].value is None
    assert projects["H4"].fill.fgColor.rgb.endswith(ERROR_FILL) and projects["H4"].comment is not None
    assert {k: v for k, v in values(projects).items() if k[1] != 10} == values(before["Đề án khuyến công"])
    assert values(book["Ghi chú"]) == values(before["Ghi chú"])
    assert book["Ghi chú"].max_column == 2

    # English UI: the English text after the Vietnamese.
    client.cookies["django_language"] = "en"
    english = marked(b"".join(client.get(link).streaming_content))
    text = english["Cụm công nghiệp"]["G5"].value
    assert text.startswith(f"Cột '{AREA}': 'abc'") and f" / Column '{AREA}': 'abc'" in text
    assert english["Cụm công nghiệp"]["G2"].value == "Lỗi / Errors"


def test_a_refused_csv_comes_back_as_xlsx_with_the_same_rows(client, personas, ref):
    text = (
        "SỞ CÔNG THƯƠNG;;;\r\n"
        "Mã CCN;Tên CCN;Tỉnh;Diện tích quy hoạch (ha)\r\n"
        "CCN-1;Thuận An;Đắk Nông;39,61\r\n"
        "CCN-2;=1+2;Đắk Nông;nhiều\r\n"
    )
    client.force_login(personas.lamdong)
    upload(client, text.encode("utf-8"), "ccn.csv", sheet="clusters")
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    download = client.get(reverse("imports:job-errors", args=[job.pk]))
    assert download.status_code == 200 and "ccn-loi.xlsx" in download["Content-Disposition"]
    book = marked(b"".join(download.streaming_content))
    ws = book["Cụm công nghiệp"]
    assert [[c.value for c in row] for row in ws.iter_rows(max_col=4)] == [
        ["SỞ CÔNG THƯƠNG", None, None, None],
        ["Mã CCN", "Tên CCN", "Tỉnh", AREA],
        ["CCN-1", "Thuận An", "Đắk Nông", "39,61"],
        ["CCN-2", "=1+2", "Đắk Nông", "nhiều"],
    ]
    assert ws["B4"].data_type == "s"  # text that looks like a formula stays text
    assert ws["E2"].value == "Lỗi" and ws["E4"].value.startswith(f"Cột '{AREA}': 'nhiều'")
    assert ws["E3"].value is None and ws["D4"].fill.fgColor.rgb.endswith(ERROR_FILL)


def test_the_errors_workbook_is_its_uploaders_only(client, personas, ref):
    client.force_login(personas.lamdong)
    upload(client, messy_workbook(), "ccn.xlsx")
    job = Job.objects.get()
    link = reverse("imports:job-errors", args=[job.pk])
    client.force_login(personas.hanoi)  # an officer of another province
    assert client.get(link).status_code == 404
    client.logout()
    assert client.get(link).status_code == 302
    # A file that was not refused has no errors workbook.
    client.force_login(personas.lamdong)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.PREVIEWED)
    assert client.get(link).status_code == 404


def test_the_command_writes_the_errors_workbook(personas, ref, tmp_path):
    source, target = tmp_path / "ccn.xlsx", tmp_path / "ccn-loi.xlsx"
    source.write_bytes(messy_workbook())
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import", str(source), "--errors-to", str(target), stdout=out)
    assert exit_.value.code == 1 and Cluster.objects.count() == 0
    assert str(target) in out.getvalue()
    ws = openpyxl.load_workbook(target)["Cụm công nghiệp"]
    assert ws["G2"].value == "Lỗi / Errors"
    assert ws["G5"].value.startswith(f"Cột '{AREA}': 'abc'") and f"/ Column '{AREA}'" in ws["G5"].value

    # An accepted file writes no errors workbook.
    good = tmp_path / "tot.xlsx"
    book = openpyxl.load_workbook(source)
    book["Cụm công nghiệp"]["E5"] = 45
    book["Đề án khuyến công"]["H4"] = 12
    book.save(good)
    target.unlink()
    out = io.StringIO()
    call_command("import", str(good), "--dry-run", "--errors-to", str(target), stdout=out)
    assert not target.exists()
