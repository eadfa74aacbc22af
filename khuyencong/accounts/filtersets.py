import django_filters
from django.utils.translation import gettext_lazy as _

from khuyencong.core.text import fold

from .choices import OrganisationKind
from .models import Organisation


class OrganisationFilterSet(django_filters.FilterSet):
    """Shared by the organisation list and any API that lists organisations."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=OrganisationKind, label=_("Kind"))

    class Meta:
        model = Organisation
        fields = ["q", "kind"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_text__contains=fold(value))
