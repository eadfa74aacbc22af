"""Figures that may be unknown: show "—" instead of "0 triệu đồng" or " ha"."""

from django import template

from khuyencong.core import formatting

from ..tables import status_badge

register = template.Library()


@register.filter
def ha(value):
    return "—" if value is None or value == "" else formatting.vn_area(value, 2)


@register.filter
def million(value):
    return "—" if value is None or value == "" else formatting.vn_million(value)


@register.filter
def number(value):
    return "—" if value is None or value == "" else formatting.vn_number(value, None)


@register.simple_tag
def cluster_status(cluster):
    """The cluster's status badge (and "set by hand" when overridden) on its page."""
    return status_badge(cluster)
