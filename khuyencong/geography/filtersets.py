import django_filters
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from .choices import Level, Scheme
from .models import AdminUnit


class AdminUnitFilterSet(django_filters.FilterSet):
    """Shared by the geography pages and the API."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    scheme = django_filters.ChoiceFilter(choices=Scheme, label=_("Code scheme"))
    level = django_filters.ChoiceFilter(choices=Level, label=_("Level"))
    province = django_filters.CharFilter(field_name="province__code", label=_("Province code"))
    valid_on = django_filters.CharFilter(method="filter_valid_on", label=_("Valid on (YYYY-MM-DD)"))

    class Meta:
        model = AdminUnit
        fields = ["q", "scheme", "level", "province", "valid_on"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_valid_on(self, queryset, name, value):
        day = parse_date(value)
        return queryset.valid_on(day) if day else queryset.none()
