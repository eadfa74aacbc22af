"""One FilterSet for the register page and the API (CONVENTIONS §5.9)."""

import django_filters
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from khuyencong.core import clock
from khuyencong.core.filters import IdFilter

from .choices import Direction, DocumentType, ReplyState
from .models import Correspondence, CorrespondenceLink

# filter name → model whose documents `concerning()` finds
CONCERNS = {
    "cluster": "clusters.Cluster",
    "project": "programs.Project",
    "inspection": "inspections.Inspection",
    "recommendation": "inspections.Recommendation",
    "submission": "reports.Submission",
}


class CorrespondenceFilterSet(django_filters.FilterSet):
    """Direction, type, date range (read through to mirrored decisions), replies, folded search, and
    "concerning" a cluster, đề án, inspection, recommendation or report."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    direction = django_filters.ChoiceFilter(choices=Direction, label=_("Direction"))
    kind = django_filters.ChoiceFilter(choices=DocumentType, label=_("Type"))
    date_from = django_filters.DateFilter(field_name="dated", lookup_expr="gte", label=_("Dated from"))
    date_to = django_filters.DateFilter(field_name="dated", lookup_expr="lte", label=_("Dated to"))
    reply = django_filters.ChoiceFilter(choices=ReplyState.choices, method="filter_reply", label=_("Replies"))
    cluster = IdFilter(method="filter_concerns", label=_("Concerning the cluster"), target="clusters.Cluster")
    project = IdFilter(method="filter_concerns", label=_("Concerning the đề án"), target="programs.Project")
    inspection = IdFilter(
        method="filter_concerns", label=_("Concerning the inspection"), target="inspections.Inspection"
    )
    recommendation = IdFilter(
        method="filter_concerns",
        label=_("Concerning the recommendation"),
        target="inspections.Recommendation",
    )
    submission = IdFilter(
        method="filter_concerns", label=_("Concerning the periodic report"), target="reports.Submission"
    )

    class Meta:
        model = Correspondence
        fields = ["q", "direction", "kind", "date_from", "date_to", "reply"]

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset.with_dates())

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_reply(self, queryset, name, value):
        today = clock.today()
        if value == ReplyState.OVERDUE:
            return queryset.overdue(today)
        return queryset.awaiting_reply(today)

    def filter_concerns(self, queryset, name, value):
        model = apps.get_model(CONCERNS[name])
        return queryset.concerning(model(pk=value))


class CorrespondenceLinkFilterSet(django_filters.FilterSet):
    correspondence = IdFilter(field_name="correspondence_id", label=_("Official document"))

    class Meta:
        model = CorrespondenceLink
        fields = ["correspondence"]
