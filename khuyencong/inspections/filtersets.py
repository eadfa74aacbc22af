import django_filters
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import Organisation
from khuyencong.clusters.filtersets import within_province
from khuyencong.core.filters import IdFilter, YearFilter
from khuyencong.core.text import fold
from khuyencong.geography import pickers

from .choices import RecommendationKind, RecommendationStatus, VisitLevel, VisitStatus
from .models import Inspection, InspectionPlan, Recommendation


class InspectionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    level = django_filters.ChoiceFilter(choices=VisitLevel, label=_("Kind of visit"))
    status = django_filters.ChoiceFilter(choices=VisitStatus, label=_("Status"))
    province = IdFilter(
        field_name="province_id",
        label=_("Province"),
        picker=pickers.province_ids,
        target="geography.AdminUnit",
    )
    year = YearFilter(field_name="start_date__year", label=_("Year"))

    class Meta:
        model = Inspection
        fields = ["q", "level", "status", "province", "year"]

    def filter_q(self, queryset, name, value):
        key = fold(value)
        return queryset.filter(search_text__contains=key) if key else queryset


class PlanFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="year", label=_("Year"))
    province = IdFilter(
        field_name="province_id",
        label=_("Province"),
        picker=pickers.province_ids,
        target="geography.AdminUnit",
    )

    class Meta:
        model = InspectionPlan
        fields = ["year", "province"]


class RecommendationFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=RecommendationKind, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=RecommendationStatus, label=_("Status"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    addressee = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Addressee"))
    province = IdFilter(
        field_name="province_id",
        label=_("Province"),
        picker=pickers.province_ids,
        target="geography.AdminUnit",
    )
    within = IdFilter(
        method="filter_within", label=_("Province, with the units it absorbed"), target="geography.AdminUnit"
    )
    inspection = IdFilter(field_name="inspection_id", label=_("Inspection"), target="inspections.Inspection")

    class Meta:
        model = Recommendation
        fields = ["kind", "status", "overdue", "addressee", "province", "within", "inspection"]

    def filter_within(self, queryset, name, value):
        return within_province(queryset, "province_id", value)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        self.filters["addressee"].queryset = Organisation.objects.visible_to(user)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.overdue() if value else queryset.not_overdue()
