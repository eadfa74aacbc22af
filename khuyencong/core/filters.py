"""Filters shared by every FilterSet. Ids and years are bounded integers, so a nonsense query string
("?province=9007199254740992.0") is a 400 with a message, never a database overflow."""

import django_filters
from django import forms

MAX_ID = 2**63 - 1


class BoundedIntegerField(forms.IntegerField):
    pass


class IdFilter(django_filters.NumberFilter):
    """Filter on a foreign-key id (`field_name="province_id"`)."""

    field_class = BoundedIntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    field_class = BoundedIntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2200)
        super().__init__(*args, **kwargs)
