"""A periodic form's PDF is headed by the body that exists on the day it is sent (issue 20, item 8): the
Sở's Biểu 04 by the Sở and People's Committee of its province that day; the commune's Biểu 03 dated at
the commune; an investor's Biểu 02 at its province — read from the real PDF."""

import pytest

from khuyencong.reports import submission_output
from khuyencong.reports.models import Submission

from .test_official_documents import needs_poppler, pdf_pages

pytestmark = [pytest.mark.django_db, needs_poppler]


def text_of(submission, tmp_path):
    path = tmp_path / f"{submission.pk}.pdf"
    path.write_bytes(submission_output.submission_pdf(submission))
    return " ".join(pdf_pages(path))


def test_the_departments_form_is_headed_by_its_province_of_that_day(demo, tmp_path):
    submission = Submission.objects.filter(province__code="68", form="bieu04").order_by("-year").first()
    text = text_of(submission, tmp_path)
    assert "UBND TỈNH LÂM ĐỒNG" in text and "SỞ CÔNG THƯƠNG" in text
    assert "Lâm Đồng, ngày" in text
    assert "ĐẮK NÔNG" not in text


def test_the_communes_form_is_dated_at_the_commune(demo, tmp_path):
    submission = Submission.objects.filter(form="bieu03", commune__isnull=False).first()
    if submission is None:
        pytest.skip("the demo has no commune's Biểu 03")
    text = text_of(submission, tmp_path)
    assert f"UBND {submission.commune.full_name.upper()}" in text
    assert f"{submission.commune.name}, ngày" in text
