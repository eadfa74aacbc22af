"""The đề án list's table (khuyencong/core/tables.py)."""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from khuyencong.core import formatting
from khuyencong.core.tables import DASH, Column, Table, label

from .choices import Level, Status


def _executing_unit(project):
    unit = project.executing_unit
    return (unit.short_name or unit.name or DASH) if unit is not None else DASH


def _end(project):
    end = formatting.vn_date(project.end_date)
    if project.is_overdue:
        return format_html('{} <strong class="badge-overdue">{}</strong>', end, _("overdue"))
    return end


class ProjectTable(Table):
    detail_url = "programs:project-detail"
    empty = _l("No đề án recorded yet: add one from a plan, or import the plan's workbook.")
    columns = (
        Column(_l("Code"), lambda p: p.code, sort="code"),
        Column(_l("Title"), lambda p: p.title, link=True, sort="title", order=["title"]),
        Column(_l("Level"), lambda p: label(Level, p.level)),
        Column(_l("Year"), lambda p: p.plan_year, sort="year", order=["plan_year"]),
        Column(_l("Province"), lambda p: p.province.name, sort="province", order=["province__search_text"]),
        Column(_l("Executing unit"), _executing_unit),
        Column(_l("Status"), lambda p: label(Status, p.status), sort="status"),
        Column(
            _l("State support"),
            lambda p: formatting.million(p.state_support_vnd),
            sort="support",
            order=["state_support_vnd"],
        ),
        Column(_l("End"), _end),
    )

    def row_class(self, project):
        return "overdue" if project.is_overdue else ""
