"""Template filters for Vietnamese figures; loaded as a builtin in every template."""

from decimal import Decimal

from django import template

from khuyencong.core import formatting

register = template.Library()


@register.filter
def vn_number(value, decimals=0):
    return formatting.vn_number(value, None if decimals == "auto" else int(decimals))


@register.filter
def vn_million(value):
    return formatting.million(value)  # pages: the unit in the reader's language


@register.filter
def vn_area(value):
    return formatting.vn_area(value, 2)


@register.filter
def vn_date(value):
    return formatting.vn_date(value)


@register.filter
def vn_cell(value):
    """A table cell: numbers in Vietnamese format (significant decimals only), empty as "—", text as is."""
    if value is None or value == "":
        return "—"
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return formatting.vn_number(value, None)
    return value


@register.filter
def is_number(value):
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


@register.filter
def file_url(obj, field):
    """A record's uploaded file, through the permission-checked view: {{ decision|file_url:"attachment" }}."""
    from django.urls import reverse

    meta = obj._meta
    return reverse("protected-file", args=[meta.app_label, meta.model_name, obj.pk, field])
