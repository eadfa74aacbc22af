"""Figures that may be unknown: show "—" instead of "0 triệu đồng" or " ha"."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from khuyencong.core import formatting
from khuyencong.core.tables import label

from ..choices import ClusterStatus

register = template.Library()


@register.filter
def ha(value):
    return "—" if value is None or value == "" else formatting.vn_area(value, 2)


@register.filter
def million(value):
    return "—" if value is None or value == "" else formatting.million(value)


@register.filter
def number(value):
    return "—" if value is None or value == "" else formatting.vn_number(value, None)


@register.simple_tag(name="cluster_status")
def status_badge(cluster):
    """The cluster's status badge (and "set by hand" when overridden): in the list (clusters/tables.py)
    and on its page (`{% cluster_status cluster %}`)."""
    badge = format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        cluster.status_badge,
        cluster.effective_status,
        label(ClusterStatus, cluster.effective_status),
    )
    if cluster.status_override:
        badge += format_html(
            ' <small title="{}">({})</small>', cluster.status_override_reason, _("set by hand")
        )
    return badge
