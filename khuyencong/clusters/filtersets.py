"""One FilterSet per listed model, shared by the pages and the API (CONVENTIONS §5.9)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khuyencong.core.filters import CodeFilter, IdFilter
from khuyencong.core.text import fold
from khuyencong.geography import pickers
from khuyencong.geography.models import AdminUnit

from .choices import ClusterStatus, DecisionKind, InvestorKind
from .models import Cluster, ClusterDecision, ClusterInvestorAssignment, TenantProject


def within_province(queryset, path, unit_id):
    """Records located in province `unit_id` or in any unit it absorbed (a link from the dashboards)."""
    unit = AdminUnit.objects.filter(pk=unit_id, level="province").first()
    if unit is None:
        return queryset.none()
    return queryset.filter(**{f"{path}__in": unit.all_predecessor_ids()})


def percent_filter(lookup, label):
    return django_filters.NumberFilter(
        field_name="latest_occupancy",
        lookup_expr=lookup,
        label=label,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )


class ClusterFilterSet(django_filters.FilterSet):
    """Province (a unit includes its predecessors), commune, status, investor kind, occupancy, plant."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    province = CodeFilter(
        method="filter_province",
        label=_("Province"),
        picker=pickers.province_codes,
        target="geography.AdminUnit",
    )
    commune = CodeFilter(
        method="filter_commune",
        label=_("Commune"),
        picker=pickers.commune_codes,
        target="geography.AdminUnit",
    )
    within = IdFilter(
        method="filter_within", label=_("Province, with the units it absorbed"), target="geography.AdminUnit"
    )
    status = django_filters.ChoiceFilter(choices=ClusterStatus, method="filter_status", label=_("Status"))
    investor_kind = django_filters.ChoiceFilter(choices=InvestorKind, label=_("Investor kind"))
    occupancy_min = percent_filter("gte", _("Occupancy from (%)"))
    occupancy_max = percent_filter("lte", _("Occupancy to (%)"))
    has_wastewater_plant = django_filters.BooleanFilter(
        field_name="has_wastewater_plant",
        label=_("Wastewater plant operating"),
        widget=forms.Select(choices=[("", "—"), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = Cluster
        fields = ["q", "province", "commune", "status", "investor_kind"]

    def filter_queryset(self, queryset):
        if not hasattr(queryset.query, "annotations") or "latest_occupancy" not in queryset.query.annotations:
            queryset = queryset.with_occupancy()
        if "has_wastewater_plant" not in queryset.query.annotations:
            queryset = queryset.with_wastewater()
        return super().filter_queryset(queryset)

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_province(self, queryset, name, value):
        units = AdminUnit.objects.filter(level="province", code=value.strip())
        ids = set()
        for unit in units:
            ids |= unit.all_predecessor_ids()
        return queryset.filter(province_id__in=ids)

    def filter_within(self, queryset, name, value):
        return within_province(queryset, "province_id", value)

    def filter_commune(self, queryset, name, value):
        units = AdminUnit.objects.filter(level="commune", code=value.strip())
        ids = set()
        for unit in units:
            ids |= unit.all_predecessor_ids()
        return queryset.filter(communes__in=ids).distinct()

    def filter_status(self, queryset, name, value):
        return queryset.filter(Q(status_override=value) | Q(status_override="", status=value))


class ClusterDecisionFilterSet(django_filters.FilterSet):
    cluster = IdFilter(field_name="cluster_id", label=_("Cluster"), target="clusters.Cluster")
    kind = django_filters.ChoiceFilter(choices=DecisionKind, label=_("Kind of decision"))
    issued_from = django_filters.DateFilter(field_name="issued_on", lookup_expr="gte", label=_("Issued from"))
    issued_to = django_filters.DateFilter(field_name="issued_on", lookup_expr="lte", label=_("Issued to"))

    class Meta:
        model = ClusterDecision
        fields = ["cluster", "kind", "issued_from", "issued_to"]


class InvestorAssignmentFilterSet(django_filters.FilterSet):
    cluster = IdFilter(field_name="cluster_id", label=_("Cluster"), target="clusters.Cluster")
    kind = django_filters.ChoiceFilter(choices=InvestorKind, label=_("Investor kind"))
    current = django_filters.BooleanFilter(field_name="until", lookup_expr="isnull", label=_("Current"))

    class Meta:
        model = ClusterInvestorAssignment
        fields = ["cluster", "kind", "current"]


class TenantFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    cluster = IdFilter(field_name="cluster_id", label=_("Cluster"), target="clusters.Cluster")

    class Meta:
        model = TenantProject
        fields = ["q", "cluster", "status"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_text__contains=fold(value))
