"""PDF documents in the layout of Vietnamese administrative documents (Decree 30/2020/NĐ-CP).

Header: the issuing body on the left (its parent body above it), the national motto on the right,
then the number and the place-and-date line, the document kind and summary centred, the body,
and the signature block: the signer's title, room for the signature and seal, and the signer's full name
(a dotted line to write it on when the name is not known yet). A section heading of the body (`h2`) is
kept on the page of the table or paragraph it introduces, and the signature block is never split. The
font is Times New Roman where installed, else its metric twin
Liberation Serif, else DejaVu Serif (always present with WeasyPrint's dependencies); each is a
full font file, so Vietnamese diacritics render correctly (see ../shared/STACK.md §6).
"""

from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string

from khuyencong.core import clock
from khuyencong.core.formatting import vn_document_date


@dataclass
class OfficialDocument:
    """What the official heading and the signature block show.

    The letterhead (`parent_body`, `issuing_body`), `place` and `recipients` are those of the body that
    issues the document on `day`: after the 1/7/2025 merger a report on the former Đắk Nông is issued by
    the Sở Công Thương of today's Lâm Đồng (reports.common.letterhead works them out)."""

    kind: str  # e.g. "BÁO CÁO"
    summary: str  # trích yếu, e.g. "Tình hình phát triển cụm công nghiệp"
    issuing_body: str  # e.g. "SỞ CÔNG THƯƠNG"
    parent_body: str = ""  # e.g. "UBND TỈNH LÂM ĐỒNG"
    number: str = "Số:      /BC-SCT"
    place: str = ""
    day: date = field(default_factory=clock.today)
    signer_title: str = ""
    signer_name: str = ""
    recipients: tuple = ()

    def date_line(self):
        day = self.day
        prefix = f"{self.place}, " if self.place else ""
        return f"{prefix}{vn_document_date(day)}"


def render_pdf(document, body_html):
    """Bytes of a PDF with `body_html` (trusted, escaped HTML) under the official heading."""
    from weasyprint import HTML

    html = render_to_string("core/pdf/official.html", {"doc": document, "body": body_html})
    return HTML(string=html).write_pdf()
