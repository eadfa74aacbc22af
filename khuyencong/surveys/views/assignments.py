"""Survey assignments given to collaborators."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _l

from khuyencong.core import clock
from khuyencong.core.exports import ExportMixin
from khuyencong.core.views import (
    HistoryView,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)

from .. import services
from ..filtersets import AssignmentFilterSet
from ..forms import AssignmentForm
from ..models import SurveyAssignment
from ..tables import AssignmentTable
from .base import is_collaborator_only


class AssignmentListView(ExportMixin, ScopedListView):
    """Survey assignments; a collaborator sees "my assignments"."""

    model = SurveyAssignment
    filterset_class = AssignmentFilterSet
    template_name = "surveys/assignment_list.html"
    queryset = SurveyAssignment.objects.select_related(
        "collaborator", "commune", "form", "province"
    ).order_by("due_date", "id")
    export_name = "giao-viec-khao-sat"
    export_columns = [
        (_l("Collaborator"), "collaborator__full_name"),
        (_l("Purpose"), "get_purpose_display"),
        (_l("Commune"), "commune__name"),
        (_l("Establishments"), "facilities"),
        (_l("Due date"), "due_date"),
        (_l("Status"), "get_status_display"),
    ]
    table_class = AssignmentTable

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            mine=is_collaborator_only(self.request.user), today=clock.today(), **kwargs
        )


class AssignmentDetailView(ScopedDetailView):
    model = SurveyAssignment
    template_name = "surveys/assignment_detail.html"
    queryset = SurveyAssignment.objects.select_related("collaborator", "commune", "form", "assigned_by")

    def get_queryset(self):
        return super().get_queryset().with_edit_flag(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            facilities=self.object.facilities.visible_to(user).select_related("commune"),
            responses=self.object.responses.visible_to(user).select_related("form", "facility"),
            can_edit=self.object.user_can_edit,
            **kwargs,
        )


class AssignmentSaveMixin:
    model = SurveyAssignment
    form_class = AssignmentForm

    def get_success_url(self):
        return reverse("surveys:assignment-detail", args=[self.object.pk])


class AssignmentCreateView(AssignmentSaveMixin, ScopedCreateView):
    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("collaborator", "").isdigit():
            initial["collaborator"] = int(self.request.GET["collaborator"])
        return initial

    def save_form(self, form):
        data = {
            k: v for k, v in form.cleaned_data.items() if k not in ("facilities", "collaborator", "status")
        }
        return services.create_assignment(
            actor=self.request.user,
            collaborator=form.cleaned_data["collaborator"],
            facilities=form.cleaned_data["facilities"],
            **data,
        )


class AssignmentUpdateView(AssignmentSaveMixin, ScopedUpdateView):
    pass


class AssignmentHistoryView(HistoryView):
    model = SurveyAssignment

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            back_url=reverse("surveys:assignment-detail", args=[self.object.pk]), **kwargs
        )
