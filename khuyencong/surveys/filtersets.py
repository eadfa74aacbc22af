import django_filters
from django.utils.translation import gettext_lazy as _

from khuyencong.core import clock
from khuyencong.core.filters import IdFilter
from khuyencong.core.text import fold

from .choices import AssignmentStatus, Purpose, ResponseStatus
from .models import Collaborator, SurveyAssignment, SurveyForm, SurveyResponse


class CollaboratorFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    province = IdFilter(field_name="province_id", label=_("Province id"))
    active = django_filters.BooleanFilter(method="filter_active", label=_("Active today"))

    class Meta:
        model = Collaborator
        fields = ["q", "province", "active"]

    def filter_q(self, queryset, name, value):
        key = fold(value)
        return queryset.filter(search_text__contains=key) if key else queryset

    def filter_active(self, queryset, name, value):
        if value is None:
            return queryset
        today = clock.today()
        active = django_filters.filters.Q(active_from__lte=today) & (
            django_filters.filters.Q(active_to__isnull=True) | django_filters.filters.Q(active_to__gte=today)
        )
        return queryset.filter(active) if value else queryset.exclude(active)


class AssignmentFilterSet(django_filters.FilterSet):
    purpose = django_filters.ChoiceFilter(choices=Purpose, label=_("Purpose"))
    status = django_filters.ChoiceFilter(choices=AssignmentStatus, label=_("Status"))
    collaborator = IdFilter(field_name="collaborator_id", label=_("Collaborator id"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = SurveyAssignment
        fields = ["purpose", "status", "collaborator", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class ResponseFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ResponseStatus, label=_("Status"))
    form = IdFilter(field_name="form_id", label=_("Form id"))
    collaborator = IdFilter(field_name="collaborator_id", label=_("Collaborator id"))
    commune = IdFilter(field_name="commune_id", label=_("Commune id"))
    facility = IdFilter(field_name="facility_id", label=_("Establishment id"))

    class Meta:
        model = SurveyResponse
        fields = ["status", "form", "collaborator", "commune", "facility"]


class FormFilterSet(django_filters.FilterSet):
    purpose = django_filters.ChoiceFilter(choices=Purpose, label=_("Purpose"))
    active = django_filters.BooleanFilter(field_name="is_active", label=_("In use"))

    class Meta:
        model = SurveyForm
        fields = ["purpose", "active"]
