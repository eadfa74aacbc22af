"""Official documents after the 1/7/2025 merger (issue 20, item 8): a report is issued by the body that
exists on its day, the merged province's paragraph cites every plan decision in force, the signature block
has a line for the signer's name, and a section heading is never left alone at a page's foot."""

import shutil
import subprocess
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string

from khuyencong.accounts.choices import OrganisationKind
from khuyencong.accounts.models import Organisation
from khuyencong.accounts.tests.factories import province
from khuyencong.clusters.choices import DecisionKind
from khuyencong.clusters.tests.factories import ClusterFactory, decide
from khuyencong.core.pdf import OfficialDocument, render_pdf

pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")


def pdf_pages(path):
    """The text of each page of a PDF, words joined by single spaces."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in out.split("\f")]


@pytest.fixture
def merged(geo):
    """Clusters of the former Đắk Nông and the former Lâm Đồng, each under its province's plan decision,
    and the two Sở Công Thương: the one of Đắk Nông until 30/06/2025, the one of today's Lâm Đồng since."""
    dak_nong, old_lam_dong, lam_dong = province("67", "legacy"), province("68", "legacy"), province("68")
    old_so = Organisation.objects.create(
        name="Sở Công Thương tỉnh Đắk Nông",
        kind=OrganisationKind.DEPARTMENT,
        province=dak_nong,
        valid_to=date(2025, 6, 30),
    )
    Organisation.objects.create(
        name="Sở Công Thương tỉnh Lâm Đồng",
        kind=OrganisationKind.DEPARTMENT,
        province=lam_dong,
        valid_from=date(2025, 7, 1),
    )
    old_so.successor = Organisation.objects.get(name="Sở Công Thương tỉnh Lâm Đồng")
    old_so.save()
    for name, unit, number, day in (
        ("Thuận An", dak_nong, "1757/QĐ-TTg", date(2023, 12, 31)),
        ("Nhân Cơ", dak_nong, "1757/QĐ-TTg", date(2023, 12, 31)),
        ("Lộc Sơn", old_lam_dong, "1727/QĐ-TTg", date(2023, 12, 29)),
    ):
        decide(ClusterFactory(name=name, province=unit), DecisionKind.PLAN_INCLUSION, day, "50", number)
    return dak_nong


def report(*args):
    out = StringIO()
    call_command("report", "clusters", *args, stdout=out, verbosity=0)
    return out.getvalue()


@needs_poppler
def test_a_report_on_the_former_dak_nong_is_issued_by_todays_lam_dong(merged, tmp_path):
    target = tmp_path / "dn.pdf"
    report("--province", "Đắk Nông", "--as-of", "2026-03-02", "--format", "pdf", "-o", str(target))
    text = " ".join(pdf_pages(target))
    # The body that exists on 02/03/2026: the Sở of Lâm Đồng, dated at Lâm Đồng, sent to UBND tỉnh Lâm Đồng.
    assert "UBND TỈNH LÂM ĐỒNG SỞ CÔNG THƯƠNG" in text or (
        "UBND TỈNH LÂM ĐỒNG" in text and "SỞ CÔNG THƯƠNG" in text
    )
    assert "Lâm Đồng, ngày 02 tháng 3 năm 2026" in text
    assert "UBND tỉnh Lâm Đồng;" in text
    assert "UBND TỈNH ĐẮK NÔNG" not in text and "Đắk Nông, ngày" not in text
    assert "UBND tỉnh Đắk Nông;" not in text
    # ... about a province that no longer exists, named as such.
    assert "trên địa bàn tỉnh Đắk Nông (cũ)" in text

    # Asked as of a day before the merger, the report is the one the Sở of Đắk Nông could issue that day
    # (Decree 30: "tháng 5", not "tháng 05").
    report("--province", "Đắk Nông", "--as-of", "2025-05-16", "--format", "pdf", "-o", str(target))
    text = " ".join(pdf_pages(target))
    assert "UBND TỈNH ĐẮK NÔNG" in text and "Đắk Nông, ngày 16 tháng 5 năm 2025" in text
    assert "(cũ)" not in text and "tháng 05" not in text


def test_the_merged_paragraph_cites_every_plan_decision_in_force(merged):
    text = report("--province", "Lâm Đồng", "--as-of", "2026-03-02", "--format", "text")
    assert (
        "theo Quyết định số 1727/QĐ-TTg ngày 29/12/2023 của UBND tỉnh (tỉnh Lâm Đồng cũ) và "
        "Quyết định số 1757/QĐ-TTg ngày 31/12/2023 của UBND tỉnh (tỉnh Đắk Nông cũ)"
    ) in text
    assert "quy hoạch 3 cụm công nghiệp" in text
    # A former province alone: its one decision, without naming itself as a former province.
    text = report("--province", "Đắk Nông", "--as-of", "2026-03-02", "--format", "text")
    assert "theo Quyết định số 1757/QĐ-TTg ngày 31/12/2023 của UBND tỉnh, trên địa bàn" in text
    assert "1727" not in text


def test_a_plan_adjustment_replaces_the_decision_it_adjusts(merged):
    from khuyencong.clusters.models import Cluster

    for cluster in Cluster.objects.filter(province=merged):
        decide(cluster, DecisionKind.PLAN_ADJUSTMENT, date(2025, 3, 1), "60", "300/QĐ-TTg")
    text = report("--province", "Đắk Nông", "--as-of", "2026-03-02", "--format", "text")
    assert "theo Quyết định số 300/QĐ-TTg ngày 01/03/2025" in text and "1757" not in text


@needs_poppler
def test_the_signature_block_has_a_line_for_the_signers_name(tmp_path):
    document = OfficialDocument("BÁO CÁO", "Thử", "SỞ CÔNG THƯƠNG", signer_title="GIÁM ĐỐC")
    path = tmp_path / "a.pdf"
    path.write_bytes(render_pdf(document, "<p>Nội dung.</p>"))
    text = " ".join(pdf_pages(path))
    assert "GIÁM ĐỐC ……………………………" in text  # the name is written on the line under the signature
    document.signer_name = "Nguyễn Văn A"
    path.write_bytes(render_pdf(document, "<p>Nội dung.</p>"))
    assert "GIÁM ĐỐC Nguyễn Văn A" in " ".join(pdf_pages(path))


@needs_poppler
def test_a_section_heading_stays_on_the_page_of_its_table(tmp_path):
    """Sixty short tables of one to four rows run over many pages, so headings fall at every height of a
    page, the foot included: each heading is on the page of its table's first row."""
    document = OfficialDocument("BÁO CÁO", "Thử", "SỞ CÔNG THƯƠNG")
    tables = [
        (
            f"Bảng thứ {i:02d}",
            ["Mã", "Tên"],
            [(f"R{i:02d}-{j}", f"Dòng {i:02d}-{j}") for j in range(i % 4 + 1)],
            None,
        )
        for i in range(60)
    ]
    body = render_to_string("reports/_pdf_body.html", {"text": "Mở đầu.", "tables": tables})
    path = tmp_path / "b.pdf"
    path.write_bytes(render_pdf(document, body))
    pages = pdf_pages(path)
    assert len(pages) > 5
    for i in range(60):
        heading = next(n for n, page in enumerate(pages) if f"{i + 1}. Bảng thứ {i:02d}" in page)
        first_row = next(n for n, page in enumerate(pages) if f"Dòng {i:02d}-0" in page)
        assert heading == first_row, f"Bảng thứ {i:02d}"
