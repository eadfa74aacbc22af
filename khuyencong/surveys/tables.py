"""The collaborator, assignment and response lists' tables (khuyencong/core/tables.py)."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import pgettext_lazy

from khuyencong.core import formatting
from khuyencong.core.tables import DASH, Column, Table, label, text

from .choices import AssignmentStatus, Purpose, ResponseStatus


class CollaboratorTable(Table):
    detail_url = "surveys:collaborator-detail"
    columns = (
        Column(_l("Full name"), lambda c: c.full_name, link=True, sort="name", order=["search_text"]),
        Column(_l("Province"), lambda c: c.province.name, sort="province", order=["province__search_text"]),
        Column(_l("Organisation"), lambda c: c.organisation if c.organisation_id else DASH),
        Column(_l("Phone"), lambda c: c.phone),
        Column(
            _l("Active"),
            lambda c: f"{formatting.vn_date(c.active_from)} – {formatting.vn_date(c.active_to)}",
        ),
    )


def _due(assignment):
    due = formatting.vn_date(assignment.due_date)
    if assignment.is_overdue:
        return format_html('{} <span class="badge-overdue">{}</span>', due, _("overdue"))
    return due


class AssignmentTable(Table):
    detail_url = "surveys:assignment-detail"
    columns = (
        Column(_l("Purpose"), lambda a: label(Purpose, a.purpose), link=True),
        Column(_l("Collaborator"), lambda a: a.collaborator),
        Column(_l("Commune"), lambda a: text(a.commune.name) if a.commune_id else DASH),
        Column(_l("Due date"), _due, sort="due", order=["due_date"]),
        Column(_l("Status"), lambda a: label(AssignmentStatus, a.status)),
    )

    def row_class(self, assignment):
        return "overdue" if assignment.is_overdue else ""


def _filled_at(response):
    """As `{{ captured_at|date:"SHORT_DATETIME_FORMAT" }}`: in the active time zone and language."""
    return formats.date_format(timezone.localtime(response.captured_at), "SHORT_DATETIME_FORMAT")


def _establishment(response):
    """The registry's establishment, or the name the survey gave for a new one."""
    if response.facility_id:
        return response.facility
    answers = response.answers if isinstance(response.answers, dict) else {}
    return format_html('{} <span class="badge">{}</span>', answers.get("facility_name") or DASH, _("new"))


_STATUS_BADGE = {
    ResponseStatus.CONFLICT: "badge danger",
    ResponseStatus.MERGED: "badge success",
    ResponseStatus.RECEIVED: "badge warning",
}


def _status(response):
    """The status badge, and the đề án drafted from the response (rarely more than a few per page, so its
    link is reversed per row)."""
    badge = format_html(
        '<span class="{}">{}</span>',
        _STATUS_BADGE.get(response.status, "badge"),
        label(ResponseStatus, response.status),
    )
    if response.project_id:
        badge += format_html(
            ' <a href="{}">{}</a>',
            reverse("programs:project-detail", args=[response.project_id]),
            response.project.code,
        )
    return badge


class ResponseTable(Table):
    detail_url = "surveys:response-detail"
    columns = (
        Column(_l("Filled at"), _filled_at, link=True, sort="filled", order=["captured_at"]),
        Column(_l("Form"), lambda r: r.form.title),
        Column(pgettext_lazy("survey field", "Establishment"), _establishment),
        Column(_l("Commune"), lambda r: text(r.commune.name) if r.commune_id else DASH),
        Column(_l("Collaborator"), lambda r: r.collaborator if r.collaborator_id else DASH),
        Column(_l("Status"), _status),
    )
