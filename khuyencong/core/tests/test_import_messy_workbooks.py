"""The workbooks provinces actually keep (issue #18): units, merged group headers, totals, hidden rows,
.xls and CSV. Each variant imports with the expected figures or is refused with the expected message;
nothing is ever accepted with wrong numbers."""

import shutil
import subprocess
import unicodedata
import uuid

import openpyxl
import pytest

from khuyencong.clusters.models import Cluster
from khuyencong.imports.services import import_workbook
from khuyencong.imports.tests.workbooks import REAL_CLUSTERS
from khuyencong.programs.models import Project

pytestmark = pytest.mark.django_db
SOFFICE = shutil.which("soffice")

PROJECT = ["STT", "Mã đề án", "Tên đề án", "Cấp", "Năm kế hoạch", "Tỉnh", "Nội dung", "Trạng thái"]


def project_row(code, i=1):
    return [i, code, f"Đề án {code}", "Địa phương", 2023, "Đắk Nông", "Đào tạo nghề", "Đã phê duyệt"]


def project_book(path, support_header, supports, counterpart_header=None, counterparts=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Đề án khuyến công"
    ws.append(["SỞ CÔNG THƯƠNG TỈNH ĐẮK NÔNG"])
    ws.append([])
    ws.append([*PROJECT, support_header, *([counterpart_header] if counterpart_header else [])])
    for i, support in enumerate(supports, start=1):
        extra = [counterparts[i - 1]] if counterpart_header else []
        ws.append([*project_row(f"U-{i:02d}", i), support, *extra])
    wb.save(path)
    return path


def run(path, **kwargs):
    with open(path, "rb") as handle:
        return import_workbook(handle, actor=None, filename=str(path), **kwargs)


def support(code):
    return Project.objects.get(code=code).state_support_vnd


# -- units (item 3) -------------------------------------------------------------------------------------


def test_amounts_in_dong_under_a_dong_header_are_converted(personas, ref, tmp_path):
    path = project_book(tmp_path / "dong.xlsx", "Kinh phí khuyến công (đồng)", ["850.500.000", 450_200_000])
    result = run(path)
    assert result.ok, result.errors()
    assert (support("U-01"), support("U-02")) == (850_500_000, 450_200_000)


def test_nghin_and_ty_headers(personas, ref, tmp_path):
    path = project_book(
        tmp_path / "nghin.xlsx",
        "Kinh phí KC (nghìn đồng)",
        ["850.500"],
        "Kinh phí đối ứng (tỷ đồng)",
        ["1,25"],
    )
    result = run(path)
    assert result.ok, result.errors()
    project = Project.objects.get(code="U-01")
    assert (project.state_support_vnd, project.counterpart_vnd) == (850_500_000, 1_250_000_000)


def test_dong_under_a_trieu_header_is_refused_naming_the_likely_unit(personas, ref, tmp_path):
    path = project_book(tmp_path / "sai.xlsx", "Kinh phí khuyến công (triệu đồng)", ["1.250.300.000", "120"])
    result = run(path)
    assert not result.ok and Project.objects.count() == 0
    (line,) = result.report.lines("error", "vi")
    assert "dòng 4, cột 'Kinh phí khuyến công (triệu đồng)'" in line
    assert "1.250.300.000 triệu đồng là quá lớn" in line
    assert "có lẽ số liệu tính bằng đồng" in line


def test_units_written_in_cells(personas, ref, tmp_path):
    path = project_book(
        tmp_path / "o.xlsx",
        "Kinh phí khuyến công (triệu đồng)",
        ["1,25 tỷ", "450,2 triệu", "850.500.000 đồng", 89.61],
    )
    result = run(path)
    assert result.ok, result.errors()
    assert [support(f"U-{i:02d}") for i in range(1, 5)] == [
        1_250_000_000,
        450_200_000,
        850_500_000,
        89_610_000,
    ]


def test_a_unit_of_the_wrong_kind_is_refused(personas, ref, tmp_path):
    path = project_book(tmp_path / "ha.xlsx", "Kinh phí khuyến công (triệu đồng)", ["5 ha"])
    result = run(path)
    assert not result.ok and "không phải đơn vị của cột này" in result.errors()[0]


def cluster_book(path, header_rows, rows, merges=(), hidden_rows=(), hidden_columns=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cụm công nghiệp"
    ws.append(["DANH SÁCH CỤM CÔNG NGHIỆP"])
    for header in header_rows:
        ws.append(header)
    for row in rows:
        ws.append(row)
    for merge in merges:
        ws.merge_cells(merge)
    for number in hidden_rows:
        ws.row_dimensions[number].hidden = True
    for letter in hidden_columns:
        ws.column_dimensions[letter].hidden = True
    wb.save(path)
    return path


def test_areas_in_square_metres(personas, ref, tmp_path):
    path = cluster_book(
        tmp_path / "m2.xlsx",
        [["Mã CCN", "Tên CCN", "Tỉnh", "Diện tích quy hoạch (m²)"]],
        [["CCN-1", "Thuận An", "Đắk Nông", "500.000"], ["CCN-2", "BMC", "Đắk Nông", "396.100 m2"]],
    )
    result = run(path)
    assert result.ok, result.errors()
    areas = dict(Cluster.objects.values_list("code", "planned_area_ha"))
    assert (float(areas["CCN-1"]), float(areas["CCN-2"])) == (50.0, 39.61)


def test_square_metres_under_a_hectare_header_are_refused(personas, ref, tmp_path):
    path = cluster_book(
        tmp_path / "ha.xlsx",
        [["Mã CCN", "Tên CCN", "Tỉnh", "Diện tích quy hoạch (ha)"]],
        [["CCN-1", "Thuận An", "Đắk Nông", "500.000"]],
    )
    result = run(path)
    assert not result.ok and Cluster.objects.count() == 0
    assert "có lẽ số liệu tính bằng m²" in result.errors()[0]


# -- headers as offices draw them (item 4) ------------------------------------------------------------------


def test_total_subheader_under_a_merged_group_is_part_of_the_header(personas, ref, tmp_path):
    path = cluster_book(
        tmp_path / "tong.xlsx",
        [
            ["Mã CCN", "Tên CCN", "Tỉnh", "Diện tích quy hoạch (ha)", "Đất công nghiệp (ha)", None],
            [None, None, None, None, "Tổng", "Đã cho thuê"],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        ],
        [
            ["CCN-1", "Thuận An", "Đắk Nông", "50", "35", "20,5"],
            ["CCN-2", "BMC", "Đắk Nông", "60", "30", "12"],
        ],
        merges=["A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2"],
    )
    result = run(path)
    assert result.ok, result.errors()
    assert Cluster.objects.count() == 2
    land = Cluster.objects.get(code="CCN-1").land_records.get()
    assert (float(land.industrial_land_ha), float(land.leased_ha)) == (35.0, 20.5)


def test_groups_over_number_and_date_and_three_header_rows(personas, ref, tmp_path):
    path = cluster_book(
        tmp_path / "nhom.xlsx",
        [
            ["Mã CCN", "Tên CCN", "Tỉnh", "Diện tích (ha)", None, "Thông tin pháp lý", None, None, None],
            [
                None,
                None,
                None,
                "Quy hoạch",
                "Thành lập",
                "Quyết định thành lập",
                None,
                "QĐ phê duyệt QHCT",
                None,
            ],
            [None, None, None, None, None, "Số", "Ngày", "Số", "Ngày"],
        ],
        [
            [
                "CCN-1",
                "Thuận An",
                "Đắk Nông",
                "50",
                "50",
                "1234/QĐ-UBND",
                "15/03/2019",
                "88/QĐ-UBND",
                "20/06/2020",
            ]
        ],
        merges=["A2:A4", "B2:B4", "C2:C4", "D2:E2", "D3:D4", "E3:E4", "F2:I2", "F3:G3", "H3:I3"],
    )
    result = run(path)
    assert result.ok, result.errors()
    cluster = Cluster.objects.get(code="CCN-1")
    assert float(cluster.planned_area_ha) == 50.0
    numbers = sorted(cluster.decisions.values_list("number", flat=True))
    assert numbers == ["1234/QĐ-UBND", "88/QĐ-UBND"]


def test_a_total_row_above_the_data_is_refused_not_taken_for_the_end(personas, ref, tmp_path):
    path = cluster_book(
        tmp_path / "tren.xlsx",
        [["Mã CCN", "Tên CCN", "Tỉnh", "Diện tích quy hoạch (ha)"]],
        [
            ["Tổng cộng", None, None, "110"],
            ["CCN-1", "Thuận An", "Đắk Nông", "50"],
            ["CCN-2", "BMC", "Đắk Nông", "60"],
        ],
    )
    result = run(path)
    assert not result.ok and Cluster.objects.count() == 0
    assert "dòng 3: dòng tổng cộng nằm trên các dòng số liệu" in result.report.lines("error", "vi")[0]


def test_numbering_row_above_the_header(personas, ref, tmp_path):
    path = cluster_book(
        tmp_path / "so.xlsx",
        [["(1)", "(2)", "(3)", "(4)"], ["Mã CCN", "Tên CCN", "Tỉnh", "Diện tích quy hoạch (ha)"]],
        [["CCN-1", "Thuận An", "Đắk Nông", "50"], ["Tổng cộng", None, None, "51"]],
    )
    result = run(path)
    assert result.ok and Cluster.objects.count() == 1
    assert "dòng tổng cộng ghi 51 nhưng tổng các dòng là 50" in result.report.lines("warning", "vi")[0]


# -- hidden rows and columns (item 5) ------------------------------------------------------------------------


def test_hidden_rows_and_columns_are_left_out_and_listed(personas, ref, tmp_path):
    path = cluster_book(
        tmp_path / "an.xlsx",
        [["Mã CCN", "Tên CCN", "Tỉnh", "Diện tích quy hoạch (ha)", "Diện tích quy hoạch (ha)"]],
        [
            ["CCN-1", "Thuận An", "Đắk Nông", "999", "50"],
            ["CCN-2", "BMC", "Đắk Nông", "1", "60"],
            ["CCN-3", "Nhân Cơ", "Đắk Nông", "1", "70"],
        ],
        hidden_rows=[4],
        hidden_columns=["D"],
    )
    result = run(path)
    assert result.ok, result.errors()
    assert sorted(Cluster.objects.values_list("code", flat=True)) == ["CCN-1", "CCN-3"]
    assert float(Cluster.objects.get(code="CCN-1").planned_area_ha) == 50.0
    warnings = " ".join(result.report.lines("warning", "vi"))
    assert "1 dòng ẩn không được nhập: dòng 4" in warnings and "cột ẩn không được đọc: D" in warnings

    Cluster.objects.all().delete()
    path = cluster_book(
        tmp_path / "an2.xlsx",
        [["Mã CCN", "Tên CCN", "Tỉnh", "Diện tích quy hoạch (ha)"]],
        [["CCN-1", "Thuận An", "Đắk Nông", "50"], ["CCN-2", "BMC", "Đắk Nông", "60"]],
        hidden_rows=[4],
    )
    result = run(path, include_hidden=True)
    assert result.ok and Cluster.objects.count() == 2


# -- .xls and CSV (item 6) -----------------------------------------------------------------------------------


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_an_xls_file_imports_like_its_xlsx(personas, ref, tmp_path):
    rows = [list(r[:4]) for r in REAL_CLUSTERS]
    source = cluster_book(
        tmp_path / "cu.xlsx", [["Mã CCN", "Tên CCN", "Tỉnh", "Diện tích quy hoạch (ha)"]], rows
    )
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xls",
         "--outdir", str(tmp_path / "out"), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    result = run(tmp_path / "out" / "cu.xls")
    assert result.ok, result.errors()
    areas = dict(Cluster.objects.values_list("code", "planned_area_ha"))
    assert {k: float(v) for k, v in areas.items()} == {
        "CCN-DN-01": 50.0,
        "CCN-DN-02": 75.0,
        "CCN-DN-03": 60.0,
    }


CSV_TEXT = (
    "SỞ CÔNG THƯƠNG{d}{d}{d}\r\n"
    "Mã CCN{d}Tên CCN{d}Tỉnh{d}Diện tích quy hoạch (ha)\r\n"
    "CCN-1{d}Thuận An{d}Đắk Nông{d}{a}\r\n"
    "CCN-2{d}BMC{d}tỉnh Đắk Nông{d}60\r\n"
)


def windows_1258(text):
    """Text as Vietnamese Windows writes it: precomposed vowels (ă, ơ…), tone marks as combining marks."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)) + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    ("encoding", "separator", "area"),
    [("utf-8-sig", ",", '"39,61"'), ("utf-8", ";", "39,61"), ("cp1258", ";", "39,61")],
)
def test_csv_files(personas, ref, tmp_path, encoding, separator, area):
    path = tmp_path / "ccn.csv"
    text = CSV_TEXT.format(d=separator, a=area)
    path.write_bytes(windows_1258(text) if encoding == "cp1258" else text.encode(encoding))
    result = run(path, sheet="clusters")
    assert result.ok, result.errors()
    assert float(Cluster.objects.get(code="CCN-1").planned_area_ha) == 39.61
    assert Cluster.objects.get(code="CCN-1").name == "Thuận An"


def test_csv_needs_its_kind_and_keeps_the_same_messages(personas, ref, tmp_path):
    path = tmp_path / "ccn.csv"
    path.write_bytes(CSV_TEXT.format(d=",", a="abc").encode("utf-8"))
    result = run(path)
    assert not result.ok and "chỉ nhận .xlsx, .xls" in result.errors()[0]
    result = run(path, sheet="clusters")
    assert not result.ok and Cluster.objects.count() == 0
    assert result.report.lines("error", "vi")[0].startswith(
        "Sheet 'Cụm công nghiệp', dòng 3, cột 'Diện tích quy hoạch (ha)': 'abc' không phải là số"
    )


def test_upload_page_options_reach_the_preview(client, personas, ref, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from khuyencong.imports.models import Job

    client.force_login(personas.lamdong)
    text = CSV_TEXT.format(d=";", a="39,61").encode("utf-8")
    response = client.post(
        reverse("imports:upload"),
        {
            "file": SimpleUploadedFile("ccn.csv", text, "text/csv"),
            "sheet": "clusters",
            "include_hidden": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    job = Job.objects.get()
    assert job.params == {"include_hidden": True, "sheet": "clusters"}
    assert job.result["ok"] and job.result["rows"] == 2
