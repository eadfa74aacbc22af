import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khuyencong.core import clock
from khuyencong.core.filters import IdFilter
from khuyencong.core.text import fold, vn_sort_key
from khuyencong.geography import pickers

from .choices import AssignmentStatus, Purpose, ResponseStatus
from .models import Collaborator, SurveyAssignment, SurveyForm, SurveyResponse


def collaborators(user, data):
    """The collaborators the user may see, by name; None for a collaborator (only themself)."""
    people = sorted(Collaborator.objects.visible_to(user), key=lambda c: vn_sort_key(str(c)))
    return [(c.pk, str(c)) for c in people] if len(people) > 1 else None


def survey_forms(user, data):
    forms = SurveyForm.objects.visible_to(user).order_by("-is_active", "code", "-version")
    return [(f.pk, str(f)) for f in forms] or None


class CollaboratorFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    province = IdFilter(
        field_name="province_id",
        label=_("Province"),
        picker=pickers.province_ids,
        target="geography.AdminUnit",
    )
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
    collaborator = IdFilter(
        field_name="collaborator_id",
        label=_("Collaborator"),
        picker=collaborators,
        target="surveys.Collaborator",
    )
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
    form = IdFilter(
        field_name="form_id", label=_("Survey form"), picker=survey_forms, target="surveys.SurveyForm"
    )
    collaborator = IdFilter(
        field_name="collaborator_id",
        label=_("Collaborator"),
        picker=collaborators,
        target="surveys.Collaborator",
    )
    commune = IdFilter(
        field_name="commune_id", label=_("Commune"), picker=pickers.commune_ids, target="geography.AdminUnit"
    )
    facility = IdFilter(
        field_name="facility_id",
        label=pgettext_lazy("survey field", "Establishment"),
        target="facilities.Facility",
    )

    class Meta:
        model = SurveyResponse
        fields = ["status", "form", "collaborator", "commune", "facility"]


class FormFilterSet(django_filters.FilterSet):
    purpose = django_filters.ChoiceFilter(choices=Purpose, label=_("Purpose"))
    active = django_filters.BooleanFilter(field_name="is_active", label=_("In use"))

    class Meta:
        model = SurveyForm
        fields = ["purpose", "active"]
