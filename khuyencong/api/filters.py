"""The list filters of the pages, strict for API clients: a filter that cannot be read is a 400.

The pages share these FilterSets and send every field of their filter form, empty ones included, so an
empty value means "no filter" there. An API client that sends `?cluster=` or `?active=maybe` has made a
mistake; ignoring it would answer with every record instead. Text filters (`?q=`) may still be empty.
"""

import django_filters
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

BOOLEAN_WORDS = {"true", "false", "1", "0"}


class StrictFilterBackend(DjangoFilterBackend):
    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            refuse_unreadable(filterset.filters, request.query_params)
        return filterset


def refuse_unreadable(filters, params):
    errors = {}
    for name, value in params.items():
        found = filters.get(name)
        if found is None:
            continue
        if value == "" and not isinstance(found, django_filters.CharFilter):
            errors[name] = [_("This filter needs a value (leave it out to list everything).")]
        elif isinstance(found, django_filters.BooleanFilter) and value.lower() not in BOOLEAN_WORDS:
            errors[name] = [_("Expected true or false.")]
    if errors:
        raise ValidationError(errors)
