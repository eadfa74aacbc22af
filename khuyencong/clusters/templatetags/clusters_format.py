"""Figures that may be unknown: show "—" instead of "0 triệu đồng" or " ha"."""

from django import template

from khuyencong.core import formatting

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
