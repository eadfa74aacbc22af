import django_filters
from django.utils.translation import gettext_lazy as _

from khuyencong.core.filters import IdFilter
from khuyencong.core.text import fold
from khuyencong.geography import pickers
from khuyencong.geography.models import AdminUnit

from .choices import FacilityKind
from .models import Facility


class FacilityFilterSet(django_filters.FilterSet):
    """Shared by the facility list page and the API."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=FacilityKind, label=_("Kind"))
    province = IdFilter(
        field_name="province_id",
        label=_("Province"),
        picker=pickers.province_ids,
        target="geography.AdminUnit",
    )
    commune = IdFilter(
        field_name="commune_id", label=_("Commune"), picker=pickers.commune_ids, target="geography.AdminUnit"
    )
    within = IdFilter(
        method="filter_within", label=_("Province, with the units it absorbed"), target="geography.AdminUnit"
    )
    priority = django_filters.BooleanFilter(
        method="filter_priority", label=_("Priority (woman owner / ethnic minorities)")
    )

    class Meta:
        model = Facility
        fields = ["q", "kind", "province", "commune", "priority"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_text__contains=fold(value)) if fold(value) else queryset

    def filter_within(self, queryset, name, value):
        """Establishments of province `value` or of any unit it absorbed (links from the dashboards)."""
        unit = AdminUnit.objects.filter(pk=value, level="province").first()
        return queryset.filter(province_id__in=unit.all_predecessor_ids()) if unit else queryset.none()

    def filter_priority(self, queryset, name, value):
        if value is None:
            return queryset
        condition = django_filters.filters.Q(woman_owned=True) | django_filters.filters.Q(
            employs_ethnic_minorities=True
        )
        return queryset.filter(condition) if value else queryset.exclude(condition)
