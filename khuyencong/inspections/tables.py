"""The inspection and recommendation lists' tables (khuyencong/core/tables.py)."""

from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from khuyencong.core import formatting
from khuyencong.core.tables import Column, Table, date, label, text

from .choices import RecommendationStatus, VisitLevel, VisitStatus


def _dates(inspection):
    start = formatting.vn_date(inspection.start_date)
    return f"{start} – {formatting.vn_date(inspection.end_date)}" if inspection.end_date else start


class InspectionTable(Table):
    detail_url = "inspections:detail"
    columns = (
        Column(_l("Title"), lambda i: i.title, link=True, sort="title", order=["search_text"]),
        Column(_l("Kind of visit"), lambda i: label(VisitLevel, i.level)),
        Column(_l("Subject"), lambda i: i.subject),
        Column(_l("Dates"), _dates, sort="start", order=["start_date"]),
        Column(_l("Status"), lambda i: label(VisitStatus, i.status), sort="status"),
    )


def _status(rec):
    status = label(RecommendationStatus, rec.status)
    if rec.is_overdue:
        return format_html('{} <span class="badge-overdue">{}</span>', status, _("overdue"))
    return status


class RecommendationTable(Table):
    """The recommendation list's table, also the recommendations of each finding on the visit's page."""

    detail_url = "inspections:recommendation-detail"
    columns = (
        Column(_l("Recommendation"), lambda r: Truncator(r.text).chars(120), link=True),
        Column(_l("Addressee"), lambda r: text(r.addressee_label)),
        Column(_l("Deadline"), lambda r: date(r.deadline), sort="deadline"),
        Column(_l("Status"), _status),
    )

    def row_class(self, rec):
        return "overdue" if rec.is_overdue else ""
