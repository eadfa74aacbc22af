"""The register's table (khuyencong/core/tables.py)."""

from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from khuyencong.core import clock, formatting
from khuyencong.core.tables import DASH, Column, Table, label, text
from khuyencong.core.tables import date as day_or_dash

from .choices import Direction, DocumentType


def _reply_by(doc):
    """The reply-by date, marked answered (a reply is registered) or overdue (none, and the date passed)."""
    if not doc.reply_by:
        return DASH
    day = formatting.vn_date(doc.reply_by)
    if doc.answered:
        return format_html('{} <span class="badge success">{}</span>', day, _("answered"))
    if doc.reply_by < clock.today():
        return format_html('{} <span class="badge-overdue">{}</span>', day, _("overdue"))
    return day


class CorrespondenceTable(Table):
    detail_url = "correspondence:detail"
    columns = (
        Column(_l("Date"), lambda d: day_or_dash(d.ref_date), sort="date", order=["dated"]),
        Column(_l("Direction"), lambda d: label(Direction, d.direction)),
        Column(_l("Type"), lambda d: label(DocumentType, d.kind)),
        Column(
            _l("Number and symbol"),
            lambda d: text(d.ref_number),
            link=True,
            sort="number",
            order=["ref_number"],
        ),
        Column(_l("Summary"), lambda d: Truncator(d.subject).chars(160)),
        Column(_l("Issuing body"), lambda d: text(d.ref_issuer)),
        Column(_l("Reply by"), _reply_by),
    )
