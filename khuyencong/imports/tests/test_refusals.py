"""Safety: one bad row refuses the whole file with row-level messages; scope; files that are not .xlsx."""

import io

import openpyxl
import pytest

from khuyencong.facilities.models import Facility
from khuyencong.imports.services import import_workbook
from khuyencong.programs.models import Project, StatusChange

from .test_import_realistic import run_command
from .workbooks import REAL_PROJECTS, realistic_workbook

pytestmark = pytest.mark.django_db

FIRST_DATA_ROW = 7  # title rows 1-4, header 5, numbering row 6


def test_one_bad_row_refuses_the_whole_file_with_row_level_messages(personas, ref, tmp_path):
    rows = [list(r) for r in REAL_PROJECTS]
    rows[4][11] = "31/02/2023"  # KCĐP-2023-01: a date that does not exist
    rows[6][10] = "Đang chờ"  # KCĐP-2023-03: not a status
    rows[7][4] = "Tỉnh Atlantis"  # KCĐP-2023-04: unknown province
    path = tmp_path / "mot-dong-sai.xlsx"
    realistic_workbook(projects=rows).save(path)
    code, out = run_command(str(path), "--user", "lamdong")
    assert code == 1
    sheet = "Sheet 'Đề án khuyến công'"
    assert (
        f"{sheet}, dòng {FIRST_DATA_ROW + 4}, cột 'Ngày nghiệm thu': ngày 31/02/2023 không tồn tại / "
        f"{sheet}, row {FIRST_DATA_ROW + 4}, column 'Ngày nghiệm thu': date 31/02/2023 does not exist"
    ) in out
    assert f"{sheet}, dòng {FIRST_DATA_ROW + 6}, cột 'Trạng thái': giá trị 'Đang chờ' không hợp lệ" in out
    assert (
        f"{sheet}, dòng {FIRST_DATA_ROW + 7}, cột 'Tỉnh': không tìm thấy tỉnh/thành phố 'Tỉnh Atlantis'"
        in out
    )
    assert "Tệp bị từ chối: 3 lỗi, không ghi dữ liệu nào." in out
    # Nothing at all was written: not the valid rows, not the facilities sheet, no executing unit.
    assert Project.objects.count() == 0
    assert Facility.objects.count() == 0
    assert StatusChange.objects.count() == 0


def test_domain_rules_are_row_errors(personas, ref, tmp_path):
    rows = [list(r) for r in REAL_PROJECTS]
    rows[1][0] = "KCQG-2022-01"  # duplicate code in the file
    rows[2][7] = "0309999999"  # unknown beneficiary (a tax code; a name would be registered)
    rows[3][11] = "01/01/2024"  # acceptance date on a stopped đề án
    rows[5][8] = "-5"  # negative money
    path = tmp_path / "quy-tac.xlsx"
    realistic_workbook(projects=rows).save(path)
    result = import_workbook(str(path), actor=personas.lamdong)
    assert not result.ok and not result.written
    text = "\n".join(result.errors())
    assert (
        f"dòng {FIRST_DATA_ROW + 1}, cột 'Mã đề án': mã đề án 'KCQG-2022-01' đã có ở dòng {FIRST_DATA_ROW}"
        in text
    )
    assert "cột 'Cơ sở thụ hưởng': không tìm thấy cơ sở thụ hưởng '0309999999'" in text
    assert "cột 'Ngày nghiệm thu': chỉ ghi ngày nghiệm thu cho đề án đã nghiệm thu" in text
    assert "cột 'Kinh phí khuyến công (triệu đồng)': số tiền không được âm" in text
    assert Project.objects.count() == 0


def test_an_officer_cannot_import_another_provinces_rows(personas, ref, realistic_file):
    code, out = run_command(str(realistic_file), "--user", "hanoi")
    assert code == 1
    assert "cột 'Tỉnh': Tỉnh Đắk Nông ngoài phạm vi được sửa của tài khoản" in out
    assert "is outside what your account may edit" in out
    assert Project.objects.count() == 0 and Facility.objects.count() == 0


def test_an_officer_cannot_overwrite_another_provinces_record(personas, ref, realistic_file, tmp_path):
    assert run_command(str(realistic_file), "--user", "lamdong")[0] == 0
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Đề án khuyến công"
    sheet.append(
        ["Mã đề án", "Tên đề án", "Cấp", "Năm kế hoạch", "Tỉnh", "Kinh phí khuyến công", "Trạng thái"]
    )
    sheet.append(["KCQG-2022-01", "Chiếm đề án", "Địa phương", 2026, "Hà Nội", "1", "Đã phê duyệt"])
    path = tmp_path / "chiem.xlsx"
    workbook.save(path)
    code, out = run_command(str(path), "--user", "hanoi")
    assert code == 1
    assert "đề án 'KCQG-2022-01' đã có trong hệ thống nhưng ngoài phạm vi được sửa của tài khoản" in out
    assert Project.objects.get(code="KCQG-2022-01").title == "Ứng dụng máy rang cà phê"


def test_workflow_managed_project_is_not_overwritten(personas, ref, tmp_path):
    from khuyencong.programs.tests.factories import project

    p = project(personas.lam_dong, code="WF-1", year=2026)
    from khuyencong.programs import services

    services.submit(p, actor=personas.lamdong)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Đề án"
    sheet.append(
        ["Mã đề án", "Tên đề án", "Cấp", "Năm kế hoạch", "Tỉnh", "Kinh phí khuyến công", "Trạng thái"]
    )
    sheet.append(["WF-1", "Đổi tên", "Địa phương", 2026, "Lâm Đồng", "200", "Đã phê duyệt"])
    path = tmp_path / "wf.xlsx"
    workbook.save(path)
    result = import_workbook(str(path), actor=personas.lamdong)
    assert not result.ok
    assert "đang được quản lý theo quy trình trong hệ thống" in result.errors()[0]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"STT;Ten\n1;A\n", "không phải là tệp Excel (chỉ nhận .xlsx, .xls"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "mở được tệp Excel .xls: "),
        (b"", "Tệp rỗng"),
    ],
)
def test_files_that_are_not_xlsx_are_refused(ref, geo, tmp_path, content, message):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    code, out = run_command(str(path))
    assert code == 1
    assert message in out


def test_files_over_the_size_limit_are_refused(ref, geo, realistic_file):
    with open(realistic_file, "rb") as handle:
        result = import_workbook(handle, actor=None, max_bytes=1000)
    assert not result.ok
    assert "Tệp quá lớn" in result.errors()[0]


def test_a_workbook_without_template_sheets_is_refused(ref, geo):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Sheet1"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    result = import_workbook(buffer, actor=None, filename="lạ.xlsx")
    assert not result.ok
    assert "Tệp không có sheet nào của mẫu nhập" in "\n".join(result.errors())
