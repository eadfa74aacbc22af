"""The cluster list's table (khuyencong/core/tables.py)."""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from khuyencong.core import formatting
from khuyencong.core.tables import DASH, Column, Table, label

from .choices import InvestorKind
from .templatetags.clusters_format import ha, status_badge


def _legacy(cluster):
    return format_html(' <span class="badge warning">{}</span>', _("legacy")) if cluster.is_legacy else ""


def _investor(cluster):
    kind = label(InvestorKind, cluster.investor_kind) if cluster.investor_kind else ""
    name = cluster.investor.name if cluster.investor_id else DASH
    return format_html("{}<br><small>{}</small>", name, kind)


def _occupancy(cluster):
    value = cluster.latest_occupancy
    return DASH if value is None else f"{formatting.vn_number(value, 2)} %"


class ClusterTable(Table):
    detail_url = "clusters:detail"
    empty = _l(
        "No cluster recorded yet: add one, or import the province's workbook "
        "(Administration → Import from Excel)."
    )
    columns = (
        Column(_l("Code"), lambda c: c.code, sort="code"),
        Column(_l("Name"), lambda c: c.name, link=True, after=_legacy, sort="name", order=["search_text"]),
        Column(_l("Province"), lambda c: c.province.name, sort="province", order=["province__search_text"]),
        Column(_l("Communes"), lambda c: ", ".join(commune.name for commune in c.communes.all())),
        Column(_l("Status"), status_badge, sort="status"),
        Column(
            _l("Planned area"),
            lambda c: ha(c.planned_area_ha),
            css="num",
            sort="area",
            order=["planned_area_ha"],
        ),
        Column(_l("Investor"), _investor),
        Column(_l("Occupancy"), _occupancy, css="num", sort="occupancy", order=["latest_occupancy"]),
        Column(_l("Wastewater plant"), lambda c: _("Yes") if c.has_wastewater_plant else DASH),
    )
