"""Import machinery, workbook level: the streaming SheetReader on provincial-style workbooks, bilingual
reports, upload checks, and a file written by LibreOffice."""

import inspect
import io
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from openpyxl.styles import Alignment

from khuyencong.core.importing import (
    PROVINCE_PREFIXES,
    CellError,
    Column,
    ImportErrorList,
    ImportReport,
    SheetReader,
    UploadRejected,
    check_upload,
    choice_parser,
    header_key,
    is_numbering_row,
    is_total_row,
    parse_vn_date,
    parse_vn_decimal,
    parse_vn_int,
)
from khuyencong.core.tests.test_import_parsers import NFD, PROVINCES, WWTP

SHEET = "Cụm công nghiệp"
COLUMNS = [
    Column("code", ["Mã CCN", "Cluster code"], required=True),
    Column("name", ["Tên CCN", "Cluster name"], required=True),
    Column("province", ["Tỉnh", "Province"], choice_parser(PROVINCES, PROVINCE_PREFIXES), required=True),
    Column("area", ["Diện tích quy hoạch (ha)", "Planned area (ha)"], parse_vn_decimal, required=True),
    Column("founded", ["Ngày QĐ thành lập", "Establishment date"], parse_vn_date),
    Column("wwtp", ["Trạm XLNT tập trung", "Central WWTP"], choice_parser(WWTP)),
    Column("firms", ["Số doanh nghiệp", "Number of firms"], parse_vn_int),
    Column("note", ["Ghi chú", "Note"]),
]
HEADER = [
    "STT",
    "MÃ CCN (*)",
    "Tên CCN",
    "Tỉnh",
    "DIỆN TÍCH QUY HOẠCH\n(HA)",
    "Ngày QĐ\nthành lập",
    "Trạm XLNT tập trung",
    "Số doanh nghiệp",
    "Ghi chú",
]
GOOD_ROWS = [
    [1, "CCN-01", f"  {NFD}  ", "Tỉnh Đắk Nông", "1.250", "16/05/2025", "có", 12, None],
    [2, "CCN-02", "Thuận   An", "DAK NONG", "89,61", datetime(2020, 1, 2), "ĐANG XÂY DỰNG", "3", "Mở rộng"],
    None,  # an empty row between data rows
    [3, "CCN-03", "Côm c«ng nghiÖp Qu¶ng TÝn", "đắk nông", 75.5, "2/3/2019", "khong", None, None],
    [
        4,
        "CCN-04",
        "Cuïm coâng nghieäp Ñaïo Nghóa",
        "tp. hồ chí minh",
        "1.234,5",
        "2019-12-31",
        None,
        "1.200",
        "",
    ],
]


def build_workbook(path, rows, total=None, sheet=SHEET, header=HEADER, after_total=()):
    """A workbook the way provincial files look: merged title rows, header, (1)(2)(3) row, total."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    ws["A1"] = "SỞ CÔNG THƯƠNG TỈNH ĐẮK NÔNG"
    ws.merge_cells("A1:I1")
    ws["A2"] = "DANH SÁCH CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN TỈNH"
    ws.merge_cells("A2:I2")
    ws.append([])
    ws.append(header)
    for cell in ws[4]:
        cell.alignment = Alignment(wrap_text=True)
    ws.append([f"({i})" for i in range(1, len(header) + 1)])
    for row in rows:
        ws.append(row or [])
    if total is not None:
        ws.append(total)
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=3)
    for row in after_total:
        ws.append(row)
    workbook.save(path)
    return path


def read_all(path, columns=COLUMNS, sheet=SHEET):
    with SheetReader(path) as reader:
        rows = list(reader.rows(sheet, columns))
        return rows, reader.report, reader.info.get(reader.find_sheet(sheet))


# -- sheet structure helpers -----------------------------------------------------------------------


def test_header_key():
    assert header_key("DIỆN TÍCH QUY HOẠCH\n(HA)") == header_key("Diện tích quy hoạch (ha)")
    assert header_key("Diện tích quy hoạch(ha)") == "dien tich quy hoach (ha)"
    assert header_key("Mã CCN (*)") == header_key("Mã CCN*") == "ma ccn"
    assert header_key("Xã / Phường") == header_key("Xã/Phường")


def test_numbering_and_total_rows():
    assert is_numbering_row(["(1)", "(2)", "(3)", None])
    assert is_numbering_row([1, 2, 3, 4])
    assert is_numbering_row([-1, -2, -3])
    assert is_numbering_row(["1", "2", "(3)=(1)+(2)"])
    assert not is_numbering_row([1, "CCN-01", "Nhân Cơ"])
    assert not is_numbering_row([3, 2])
    assert not is_numbering_row(["(1)"])
    for row in (
        ["Tổng cộng", None, 5],
        [None, "TỔNG CỘNG:", 5],
        ["Cộng", 5],
        ["Total", 1],
        [None, "tong", 1],
    ):
        assert is_total_row(row), row
    assert is_total_row(["", "Tæng céng", 1])  # TCVN3
    assert is_total_row(["Tổng cộng toàn tỉnh (4 cụm)", 5])
    assert not is_total_row([1, "Tổng công ty Sông Đà", 5])
    assert not is_total_row([1, "CCN-01", "Tổng cộng"])  # third non-empty cell: not a total row
    assert not is_total_row([1, "Cộng Hòa"])


def test_total_labels_behind_punctuation_or_in_legacy_text_are_still_found():
    # The quick test on the first ASCII letter lets codes and names through without folding them, but
    # never a total label: after punctuation or spaces, in capitals, in TCVN3.
    for label in ("- Tổng cộng", "(Total)", "  SUM", "TỔNG SỐ", "* Cộng tổng", "\u00a0Tæng céng"):
        assert is_total_row([label, 5]), label
    for label in ("CCN-01", "1. Tổng", "Nhân Cơ", "_tong", "Tổng công ty", "Đ. Tổng"):
        assert not is_total_row([label, 5]), label


def test_repeated_cells_are_parsed_once_and_every_bad_cell_is_still_reported(tmp_path):
    calls = []

    def counted(parser):
        def parse(value):
            calls.append(value)
            return parser(value)

        parse.numeric = True  # summed, compared with a total row
        return parse

    def listed(value):  # a parser returning a mutable value is asked every time
        calls.append(value)
        return [value]

    columns = [
        Column("code", ["Mã CCN"], required=True),
        Column("name", ["Tên CCN"], listed, required=True),
        Column("province", ["Tỉnh"], choice_parser(PROVINCES, PROVINCE_PREFIXES), required=True),
        Column("area", ["Diện tích quy hoạch (ha)"], counted(parse_vn_decimal), required=True),
    ]
    rows = [
        [i, f"CCN-{i}", "Nhân Cơ", "Đắk Nông", "12a" if i in (2, 4) else "1.250", None, None, None, None]
        for i in range(1, 6)
    ]
    parsed, report, info = read_all(build_workbook(tmp_path / "lap.xlsx", rows), columns=columns)
    assert [r.values["area"] for r in parsed] == [Decimal(1250), None, Decimal(1250), None, Decimal(1250)]
    assert [r.values["name"] for r in parsed] == [["Nhân Cơ"]] * 5
    assert parsed[0].values["name"] is not parsed[2].values["name"]
    assert calls.count("1.250") == 1 and calls.count("12a") == 2 and calls.count("Nhân Cơ") == 5
    assert [i.row for i in report.errors] == [7, 9] and info.totals["area"] == Decimal(3750)


# -- reading provincial workbooks ------------------------------------------------------------------


@pytest.fixture
def provincial(tmp_path):
    total = ["Tổng cộng", None, None, None, "1.500", None, None, 1215, None]
    return build_workbook(tmp_path / "ccn.xlsx", GOOD_ROWS, total, after_total=[[None, "Người lập biểu"]])


def test_reads_provincial_workbook(provincial):
    rows, report, info = read_all(provincial)
    assert report.ok, report.lines()
    assert [r.number for r in rows] == [6, 7, 9, 10]  # Excel row numbers; row 8 is empty
    first, second, third, fourth = (r.values for r in rows)
    assert first == {
        "code": "CCN-01",
        "name": "Cụm công nghiệp Nhân Cơ",
        "province": "67",
        "area": Decimal(1250),
        "founded": date(2025, 5, 16),
        "wwtp": "yes",
        "firms": 12,
        "note": None,
    }
    assert second["name"] == "Thuận An" and second["area"] == Decimal("89.61")
    assert second["founded"] == date(2020, 1, 2) and second["wwtp"] == "building" and second["firms"] == 3
    assert third["name"] == "Cụm công nghiệp Quảng Tín"  # TCVN3
    assert third["area"] == Decimal("75.5") and third["founded"] == date(2019, 3, 2) and third["wwtp"] == "no"
    assert fourth["name"] == "Cụm công nghiệp Đạo Nghĩa"  # VNI
    assert fourth["province"] == "79" and fourth["area"] == Decimal("1234.5") and fourth["firms"] == 1200
    assert rows[0].raw["area"] == "1.250"
    assert info.header_rows == (4,) and info.numbering_row == 5 and info.total_row == 11
    assert info.positions["code"] == "B" and info.data_rows == 4
    assert info.totals["area"] == Decimal("2649.61")
    # The total row is not imported; its wrong area total is a warning, the right firm count is not.
    assert report.lines("warning") == [
        "Sheet 'Cụm công nghiệp', dòng 11, cột 'Diện tích quy hoạch (ha)': dòng tổng cộng ghi 1.500 nhưng "
        "tổng các dòng là 2.649,61 / Sheet 'Cụm công nghiệp', row 11, column 'Diện tích quy hoạch (ha)': "
        "the total row says 1,500 but the rows add up to 2,649.61"
    ]


def test_correct_total_gives_no_warning(tmp_path):
    total = ["Cộng", None, None, None, "2.649,61", None, None, "1.215", None]
    rows, report, _ = read_all(build_workbook(tmp_path / "ok.xlsx", GOOD_ROWS, total))
    assert len(rows) == 4 and report.ok and report.warnings == []


def test_one_bad_row_refuses_with_every_problem(tmp_path):
    rows = [
        *GOOD_ROWS[:3],
        [3, "CCN-03", "Quảng Tín", "Hà Giang", "12a", "31/02/2024", "hoàn thành", "1,5", None],
        [4, None, "Thiếu mã", "Đắk Nông", None, None, None, None, None],
    ]
    path = build_workbook(tmp_path / "bad.xlsx", rows, ["Tổng cộng"])
    parsed, report, _ = read_all(path)
    assert not report.ok
    assert [r.number for r in parsed] == [6, 7, 9, 10]
    assert [r.ok for r in parsed] == [True, True, False, False]
    assert parsed[2].values["founded"] is None and parsed[2].raw["founded"] == "31/02/2024"
    assert report.lines(language="vi") == [
        "Sheet 'Cụm công nghiệp', dòng 9, cột 'Tỉnh': giá trị 'Hà Giang' không hợp lệ; chấp nhận: "
        "Đắk Nông, Lâm Đồng, Thành phố Hồ Chí Minh",
        "Sheet 'Cụm công nghiệp', dòng 9, cột 'Diện tích quy hoạch (ha)': "
        "'12a' không phải là số (viết như 1.250 hoặc 89,61)",
        "Sheet 'Cụm công nghiệp', dòng 9, cột 'Ngày QĐ thành lập': ngày 31/02/2024 không tồn tại",
        "Sheet 'Cụm công nghiệp', dòng 9, cột 'Trạm XLNT tập trung': giá trị 'hoàn thành' không hợp lệ; "
        "chấp nhận: Có, Không, Đang xây dựng",
        "Sheet 'Cụm công nghiệp', dòng 9, cột 'Số doanh nghiệp': 1,5 không phải là số nguyên",
        "Sheet 'Cụm công nghiệp', dòng 10, cột 'Mã CCN': thiếu giá trị bắt buộc",
        "Sheet 'Cụm công nghiệp', dòng 10, cột 'Diện tích quy hoạch (ha)': thiếu giá trị bắt buộc",
    ]
    line = str(report.errors[2])
    assert line == (
        "Sheet 'Cụm công nghiệp', dòng 9, cột 'Ngày QĐ thành lập': ngày 31/02/2024 không tồn tại / "
        "Sheet 'Cụm công nghiệp', row 9, column 'Ngày QĐ thành lập': date 31/02/2024 does not exist"
    )
    with pytest.raises(ImportErrorList) as exc:
        report.raise_if_errors()
    assert "dòng 9" in str(exc.value) and exc.value.report is report


def test_domain_errors_on_rows(provincial):
    with SheetReader(provincial) as reader:
        for row in reader.rows(SHEET, COLUMNS):
            if row.values["code"] == "CCN-02":
                row.error("code", "mã CCN đã được dùng ở dòng 6", "cluster code already used in row 6")
        report = reader.report
    assert report.lines("error", "en") == [
        "Sheet 'Cụm công nghiệp', row 7, column 'Mã CCN': cluster code already used in row 6"
    ]


def test_missing_required_column_and_unknown_sheet(tmp_path):
    header = [h if h != "Tỉnh" else "Địa bàn" for h in HEADER]
    path = build_workbook(tmp_path / "cols.xlsx", GOOD_ROWS[:1], header=header)
    rows, report, _ = read_all(path)
    assert rows == []
    assert report.lines(language="vi") == [
        "Sheet 'Cụm công nghiệp': thiếu cột bắt buộc 'Tỉnh' (dòng tiêu đề là dòng 4)"
    ]
    with SheetReader(path) as reader:
        assert list(reader.rows(["Đề án khuyến công", "Projects"], COLUMNS)) == []
        assert list(reader.rows("Cơ sở", COLUMNS, optional=True)) == []
        reader.check_sheets([["Đề án khuyến công"]])
        assert reader.report.lines(language="en") == [
            "The file has no sheet 'Đề án khuyến công' (sheets in the file: 'Cụm công nghiệp')",
            "Sheet 'Cụm công nghiệp': sheet is not part of the import template, ignored",
        ]


def test_sheet_names_match_case_and_diacritic_insensitively(tmp_path):
    path = build_workbook(tmp_path / "s.xlsx", GOOD_ROWS[:1], sheet="CUM CONG NGHIEP")
    rows, report, _ = read_all(path)
    assert report.ok and len(rows) == 1


def test_no_header_and_duplicate_column(tmp_path):
    path = build_workbook(tmp_path / "nohead.xlsx", GOOD_ROWS[:1], header=["a", "b", "c"])
    rows, report, _ = read_all(path)
    assert rows == [] and "không tìm thấy dòng tiêu đề trong 15 dòng đầu" in report.lines()[0]
    path = build_workbook(tmp_path / "dup.xlsx", GOOD_ROWS[:1], header=[*HEADER, "Tên CCN"])
    rows, report, _ = read_all(path)
    assert rows == []
    assert report.lines(language="vi") == [
        "Sheet 'Cụm công nghiệp', dòng 4: cột 'Tên CCN' xuất hiện hai lần (C và J)"
    ]


def test_two_row_header_with_merged_group(tmp_path):
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = SHEET
    ws["A1"] = "BÁO CÁO"
    ws.append([])
    ws.append(["Mã CCN", "Tên CCN", "Tỉnh", "Diện tích (ha)", None, "Ghi chú"])
    ws.append([None, None, None, "Quy hoạch", "Thành lập", None])
    for merged in ("A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4"):
        ws.merge_cells(merged)
    ws.append([1, 2, 3, 4, 5, 6])
    ws.append(["CCN-01", "Nhân Cơ", "Đắk Nông", "70,5", "65", None])
    workbook.save(tmp_path / "two.xlsx")
    columns = [
        *COLUMNS[:3],
        Column(
            "area", ["Diện tích quy hoạch (ha)", "Diện tích (ha) quy hoạch"], parse_vn_decimal, required=True
        ),
        Column("area_est", ["Diện tích thành lập (ha)", "Diện tích (ha) thành lập"], parse_vn_decimal),
        COLUMNS[-1],
    ]
    rows, report, info = read_all(tmp_path / "two.xlsx", columns)
    assert report.ok, report.lines()
    assert info.header_rows == (3, 4) and info.numbering_row == 5
    assert rows[0].number == 6 and rows[0].values["area"] == Decimal("70.5")
    assert rows[0].values["area_est"] == Decimal(65)


def test_data_after_total_row_is_a_warning(tmp_path):
    path = build_workbook(
        tmp_path / "after.xlsx",
        GOOD_ROWS[:1],
        ["Tổng cộng"],
        after_total=[[2, "CCN-09", "X", "Đắk Nông", "5"]],
    )
    rows, report, _ = read_all(path)
    assert len(rows) == 1 and report.ok
    assert report.lines("warning", "vi") == [
        "Sheet 'Cụm công nghiệp', dòng 8: có dữ liệu sau dòng tổng cộng (dòng 7); "
        "các dòng này không được nhập"
    ]


def test_file_written_by_xlsxwriter(tmp_path):
    path = tmp_path / "xw.xlsx"
    workbook = xlsxwriter.Workbook(path)
    ws = workbook.add_worksheet(SHEET)
    ws.merge_range("A1:E1", "DANH SÁCH CỤM CÔNG NGHIỆP")
    ws.write_row(5, 0, ["Mã CCN", "Tên CCN", "Tỉnh", "Diện tích quy hoạch (ha)", "Ngày QĐ thành lập"])
    ws.write_row(6, 0, ["1", "2", "3", "4", "5"])
    ws.write_row(7, 0, ["CCN-01", "Nhân Cơ", "Lâm Đồng", 89.61])
    ws.write_datetime(7, 4, datetime(2021, 6, 30), workbook.add_format({"num_format": "dd/mm/yyyy"}))
    ws.write_row(8, 0, ["TỔNG CỘNG", None, None, 89.61])
    workbook.close()
    rows, report, info = read_all(path)
    assert report.ok and report.warnings == []
    assert [(r.number, r.values["area"], r.values["founded"]) for r in rows] == [
        (8, Decimal("89.61"), date(2021, 6, 30))
    ]
    assert info.header_rows == (6,) and info.total_row == 9


def test_file_written_by_libreoffice(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed")
    csv_path = tmp_path / "ccn.csv"
    csv_path.write_text(
        "DANH SÁCH CỤM CÔNG NGHIỆP,,,,\n"
        ",,,,\n"
        "Mã CCN,Tên CCN,Tỉnh,Diện tích quy hoạch (ha),Ngày QĐ thành lập\n"
        "(1),(2),(3),(4),(5)\n"
        'CCN-01,Nhân Cơ,TỈNH ĐẮK NÔNG,"1.250",16/05/2025\n'
        'CCN-02,Thuận An,dak nong,"89,61",31/12/2020\n'
        'Tổng cộng,,,"1.339,61",\n',
        encoding="utf-8",
    )
    profile = f"file:///tmp/khuyencong-lo-{uuid.uuid4().hex}"
    # UTF-8 (76), comma separated, Vietnamese locale (1066): "1.250" and "89,61" become real numbers
    # and dd/mm/yyyy real dates, the way an officer's LibreOffice would read them.
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--infilter=CSV:44,34,76,1,,1066",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(csv_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    path = tmp_path / "ccn.xlsx"
    check_upload(path)
    rows, report, info = read_all(path, sheet="ccn")  # LibreOffice names the sheet after the file
    assert report.ok, report.lines()
    assert report.warnings == []
    assert [
        (r.number, r.values["code"], r.values["province"], r.values["area"], r.values["founded"])
        for r in rows
    ] == [
        (5, "CCN-01", "67", Decimal(1250), date(2025, 5, 16)),
        (6, "CCN-02", "67", Decimal("89.61"), date(2020, 12, 31)),
    ]
    assert info.total_row == 7 and info.numbering_row == 4


# -- report ----------------------------------------------------------------------------------------


def test_report_rendering_and_cap():
    report = ImportReport(max_issues=2)
    assert report.ok
    report.error("tệp rỗng", "the file is empty")
    report.error(CellError("a", "b"), sheet="S", row=3, column="C")
    report.error("x", "y", sheet="S", row=4)
    report.warning("cảnh báo", "warning", sheet="S")
    assert not report.ok and report.error_count == 3
    assert report.lines() == [
        "Tệp rỗng / The file is empty",
        "Sheet 'S', dòng 3, cột 'C': a / Sheet 'S', row 3, column 'C': b",
        "… và 1 lỗi khác / … and 1 more errors",
        "Sheet 'S': cảnh báo / Sheet 'S': warning",
    ]


# -- upload checks ---------------------------------------------------------------------------------


def _reason(file, **kwargs):
    with pytest.raises(UploadRejected) as exc:
        check_upload(file, **kwargs)
    return str(exc.value)


def test_check_upload_accepts_xlsx_path_and_file_object(provincial):
    check_upload(provincial, max_bytes=1_000_000)
    with open(provincial, "rb") as handle:
        handle.read(10)
        check_upload(handle, max_bytes=1_000_000)
        assert handle.tell() == 0
        rows = list(SheetReader(handle).rows(SHEET, COLUMNS))
    assert len(rows) == 4


def test_check_upload_refuses(tmp_path, provincial):
    assert re.search(r"^Tệp quá lớn \(\d+ KB\); giới hạn là 1 KB / ", _reason(provincial, max_bytes=1000))
    assert "File too large" in _reason(provincial, max_bytes=1000)
    (tmp_path / "a.csv").write_text("Mã CCN,Tên CCN\n")
    assert "không phải là tệp Excel (chỉ nhận .xlsx, .xls" in _reason(tmp_path / "a.csv")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert "mở được tệp Excel .xls: " in _reason(tmp_path / "old.xls")
    (tmp_path / "empty.xlsx").write_bytes(b"")
    assert "Tệp rỗng" in _reason(tmp_path / "empty.xlsx")
    with zipfile.ZipFile(tmp_path / "other.xlsx", "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "không phải là bảng tính Excel" in _reason(tmp_path / "other.xlsx")
    with zipfile.ZipFile(tmp_path / "sheet.ods", "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert "OpenDocument (.ods)" in _reason(tmp_path / "sheet.ods")
    data = provincial.read_bytes()
    assert "bị hỏng" in _reason(io.BytesIO(data[: len(data) // 2]))
    with zipfile.ZipFile(tmp_path / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/workbook.xml", "<x/>")
        archive.writestr("xl/big.xml", "0" * 50_000_000)
    assert "zip bomb" in _reason(tmp_path / "bomb.xlsx", max_bytes=100_000_000)


def test_sheet_reader_refuses_a_broken_file(tmp_path):
    (tmp_path / "x.xlsx").write_text("not a workbook")
    with pytest.raises(ImportErrorList) as exc:
        SheetReader(tmp_path / "x.xlsx")
    assert "Tệp không phải là tệp Excel (.xlsx, .xls)" in str(exc.value)
    (tmp_path / "y.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(ImportErrorList) as exc:
        SheetReader(tmp_path / "y.xlsx")
    assert "Không mở được tệp Excel" in str(exc.value)


# -- streaming -------------------------------------------------------------------------------------


def test_reading_is_streamed(tmp_path):
    """20,000 rows are read one at a time: rows() is a generator that has read only what it yielded."""
    path = tmp_path / "big.xlsx"
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    ws = workbook.add_worksheet(SHEET)
    ws.write_row(0, 0, ["DANH SÁCH"])
    ws.write_row(2, 0, ["Mã CCN", "Tên CCN", "Tỉnh", "Diện tích quy hoạch (ha)", "Ngày QĐ thành lập"])
    ws.write_row(3, 0, ["(1)", "(2)", "(3)", "(4)", "(5)"])
    for i in range(20_000):
        ws.write_row(
            4 + i, 0, [f"CCN-{i:05d}", f"Cụm công nghiệp số {i}", "Đắk Nông", "1.250,5", "16/05/2025"]
        )
    ws.write_row(20_004, 0, ["Tổng cộng", None, None, "25.010.000"])
    workbook.close()
    with SheetReader(path) as reader:
        rows = reader.rows(SHEET, COLUMNS)
        assert inspect.isgenerator(rows)
        first = next(rows)
        assert first.number == 5 and first.values["area"] == Decimal("1250.5")
        assert reader.info[SHEET].data_rows == 1  # nothing was read ahead
        count, last = 1, first
        for row in rows:
            count, last = count + 1, row
        report = reader.report
    assert count == 20_000 and last.number == 20_004
    assert report.ok and report.warnings == [], report.lines()[:3]


@pytest.mark.skipif(not os.environ.get("KHUYENCONG_SLOW"), reason="KHUYENCONG_SLOW=1 runs the bench script")
def test_bench_script_runs():
    script = Path(__file__).resolve().parents[3] / "bench" / "import_reader.py"
    result = subprocess.run(
        [sys.executable, str(script), "--rows", "2000"], check=True, capture_output=True, text=True
    )
    assert json.loads(result.stdout)["rows"] == 2000
