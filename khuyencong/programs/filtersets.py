import django_filters
from django.utils.translation import gettext_lazy as _

from khuyencong.core import clock
from khuyencong.core.filters import MAX_ID, IdFilter, YearFilter
from khuyencong.core.text import fold
from khuyencong.geography import pickers
from khuyencong.geography.models import AdminUnit

from .choices import Level, Status
from .models import ContentCategory, Plan, Project


def filter_within(queryset, name, value):
    """Records of province `value` (an id) or of any unit it absorbed (links from the dashboards)."""
    unit = AdminUnit.objects.filter(pk=value, level="province").first()
    return queryset.filter(province_id__in=unit.all_predecessor_ids()) if unit else queryset.none()


class ProjectFilterSet(django_filters.FilterSet):
    """Shared by the đề án list page and the API."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    level = django_filters.ChoiceFilter(choices=Level, label=_("Level"))
    year = YearFilter(field_name="plan_year", label=_("Plan year"))
    category = django_filters.ModelChoiceFilter(
        queryset=ContentCategory.objects.all(),
        label=_("Content category"),
        null_label=_("No content category"),
    )
    status = django_filters.ChoiceFilter(choices=Status, label=_("Status"))
    # A text box, not a select: a select of every visible organisation is ~1,400 options for central
    # (the list page's main cost at national scale, docs/performance.md). An id (links, the API) or part
    # of the unit's name or short name, without diacritics or not.
    executing_unit = django_filters.CharFilter(method="filter_unit", label=_("Executing unit"))
    province = IdFilter(
        field_name="province_id",
        label=_("Province"),
        picker=pickers.province_ids,
        target="geography.AdminUnit",
    )
    within = IdFilter(
        method=filter_within, label=_("Province, with the units it absorbed"), target="geography.AdminUnit"
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    adjusted = django_filters.BooleanFilter(method="filter_adjusted", label=_("Adjusted"))

    class Meta:
        model = Project
        fields = ["q", "level", "year", "category", "status", "executing_unit", "overdue"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_unit(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit():
            number = int(value)
            return queryset.filter(executing_unit_id=number) if number <= MAX_ID else queryset.none()
        key = fold(value)
        return queryset.filter(executing_unit__search_text__contains=key) if key else queryset

    def filter_adjusted(self, queryset, name, value):
        """Adjusted: an approved adjustment made a later version the đề án's content."""
        if value is None:
            return queryset
        return queryset.filter(version_number__gt=1) if value else queryset.filter(version_number=1)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue(clock.today())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class PlanFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Level, label=_("Level"))
    year = YearFilter(field_name="year", label=_("Year"))
    province = IdFilter(
        field_name="province_id",
        label=_("Province"),
        picker=pickers.province_ids,
        target="geography.AdminUnit",
    )
    within = IdFilter(
        method=filter_within, label=_("Province, with the units it absorbed"), target="geography.AdminUnit"
    )

    class Meta:
        model = Plan
        fields = ["level", "year", "province"]
