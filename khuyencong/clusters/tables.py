"""The cluster list's table (khuyencong/core/tables.py)."""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from khuyencong.core import formatting
from khuyencong.core.tables import DASH, Column, Table, labels

from .choices import ClusterStatus, InvestorKind


def status_badge(cluster):
    """The cluster's status badge (and "set by hand" when overridden), in the list and on its page."""
    badge = format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        cluster.status_badge,
        cluster.effective_status,
        labels(ClusterStatus)[cluster.effective_status],
    )
    if cluster.status_override:
        badge += format_html(
            ' <small title="{}">({})</small>', cluster.status_override_reason, _("set by hand")
        )
    return badge


def _legacy(cluster):
    return format_html(' <span class="badge warning">{}</span>', _("legacy")) if cluster.is_legacy else ""


def _investor(cluster):
    kind = (
        labels(InvestorKind).get(cluster.investor_kind, cluster.investor_kind)
        if cluster.investor_kind
        else ""
    )
    name = cluster.investor.name if cluster.investor_id else DASH
    return format_html("{}<br><small>{}</small>", name, kind)


def _occupancy(cluster):
    value = cluster.latest_occupancy
    return DASH if value is None else f"{formatting.vn_number(value, 2)} %"


class ClusterTable(Table):
    detail_url = "clusters:detail"
    columns = (
        Column(_l("Code"), lambda c: c.code),
        Column(_l("Name"), lambda c: c.name, link=True, after=_legacy),
        Column(_l("Province"), lambda c: c.province.name),
        Column(_l("Communes"), lambda c: ", ".join(commune.name for commune in c.communes.all())),
        Column(_l("Status"), status_badge),
        Column(
            _l("Planned area"),
            lambda c: DASH if c.planned_area_ha is None else formatting.vn_area(c.planned_area_ha, 2),
            css="num",
        ),
        Column(_l("Investor"), _investor),
        Column(_l("Occupancy"), _occupancy, css="num"),
        Column(_l("Wastewater plant"), lambda c: _("Yes") if c.has_wastewater_plant else DASH),
    )
