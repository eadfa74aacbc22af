"""A workbook written by another spreadsheet program: LibreOffice converts an officer's CSV to .xlsx."""

import shutil
import subprocess
import uuid

import pytest

from khuyencong.programs.choices import Status
from khuyencong.programs.models import Project

from .test_import_realistic import run_command

pytestmark = pytest.mark.django_db
SOFFICE = shutil.which("soffice")

CSV = """SỞ CÔNG THƯƠNG TỈNH ĐẮK NÔNG,,,,,,,,,,,
DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG NĂM 2023,,,,,,,,,,,
STT,Mã đề án,Tên đề án,Cấp,Năm kế hoạch,Tỉnh,Nội dung,Đơn vị thực hiện,Kinh phí khuyến công (triệu đồng),\
Kinh phí đối ứng (triệu đồng),Trạng thái,Ngày nghiệm thu
(1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12)
1,LO-01,Đào tạo nghề dệt thổ cẩm,Địa phương,2023,tỉnh Đắk Nông,Đào tạo nghề,Trung tâm Khuyến công Đắk Nông,\
"1.250","89,61",Đã nghiệm thu,15/11/2023
2,LO-02,Máy sấy nông sản,Quốc gia,2023,DAK NONG,Ứng dụng máy móc thiết bị tiên tiến,\
Trung tâm Khuyến công Đắk Nông,"89,61",100,Đang thực hiện,
Tổng cộng,,,,,,,,"1.339,61",,,
"""


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_file_written_by_libreoffice_imports(personas, ref, tmp_path):
    source = tmp_path / "De an khuyen cong.csv"
    source.write_text(CSV, encoding="utf-8")
    profile = tmp_path / f"lo-profile-{uuid.uuid4().hex}"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            # CSV import: comma, double quote, UTF-8 (76), from line 1, Vietnamese locale (1066) for numbers.
            "--infilter=CSV:44,34,76,1,,1066",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    converted = tmp_path / "De an khuyen cong.xlsx"
    assert converted.exists()
    code, out = run_command(str(converted), "--user", "lamdong")
    assert code == 0, out
    assert "Sheet 'Đề án khuyến công': 2 tạo mới" in out
    first = Project.objects.get(code="LO-01")
    assert (first.state_support_vnd, first.counterpart_vnd, first.status) == (
        1_250_000_000,
        89_610_000,
        Status.ACCEPTED,
    )
    assert first.province == personas.dak_nong
    assert first.status_changes.get().document.issued_on.isoformat() == "2023-11-15"
    assert Project.objects.get(code="LO-02").level == "national"
    assert "Cảnh báo" not in out  # the total row matches
