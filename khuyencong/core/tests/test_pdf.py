"""PDFs in the official layout render Vietnamese text correctly (checked by extracting it with pdftotext)."""

import shutil
import subprocess
from datetime import date

import pytest

from khuyencong.core.pdf import OfficialDocument, render_pdf


def test_official_document_date_line():
    # Decree 30/2020, Appendix I: days below 10 and months 1–2 take a leading zero, nothing else does.
    doc = OfficialDocument("BÁO CÁO", "x", "SỞ CÔNG THƯƠNG", place="Lâm Đồng", day=date(2025, 5, 16))
    assert doc.date_line() == "Lâm Đồng, ngày 16 tháng 5 năm 2025"
    doc = OfficialDocument("BÁO CÁO", "x", "SỞ CÔNG THƯƠNG", day=date(2026, 1, 5))
    assert doc.date_line() == "ngày 05 tháng 01 năm 2026"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_pdf_text_has_heading_motto_and_diacritics(tmp_path):
    doc = OfficialDocument(
        "BÁO CÁO",
        "Tình hình phát triển cụm công nghiệp",
        "SỞ CÔNG THƯƠNG",
        parent_body="UBND TỈNH LÂM ĐỒNG",
        place="Lâm Đồng",
        day=date(2025, 5, 16),
        signer_title="GIÁM ĐỐC",
        signer_name="Nguyễn Văn A",
        recipients=("Bộ Công Thương",),
    )
    body = "<p>Cụm công nghiệp Thuận An và BMC với tổng diện tích là 89,61 ha; ắ ằ ẳ ẵ ặ ự ỹ Đắk Nông.</p>"
    pdf = render_pdf(doc, body)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())  # lines wrap where the page is narrow
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ CÔNG THƯƠNG",
        "Lâm Đồng, ngày 16 tháng 5 năm 2025",
        "BÁO CÁO",
        "89,61 ha",
        "ắ ằ ẳ ẵ ặ ự ỹ Đắk Nông",
        "Nơi nhận",
    ]:
        assert expected in text, expected
