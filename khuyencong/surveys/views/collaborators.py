"""Collaborators and the communes assigned to them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from khuyencong.core import audit, clock
from khuyencong.core.exports import ExportMixin
from khuyencong.core.views import (
    HistoryView,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)

from .. import services
from ..filtersets import CollaboratorFilterSet
from ..forms import CollaboratorForm, CommuneAssignmentForm
from ..models import Collaborator, CollaboratorCommune
from ..tables import CollaboratorTable
from .base import PostOnlyView


class CollaboratorListView(ExportMixin, ScopedListView):
    model = Collaborator
    filterset_class = CollaboratorFilterSet
    template_name = "surveys/collaborator_list.html"
    queryset = Collaborator.objects.select_related("province", "organisation", "user").order_by(
        "full_name", "id"
    )
    export_name = "cong-tac-vien-khuyen-cong"
    export_columns = [
        (_l("Full name"), "full_name"),
        (_l("Province"), "province__name"),
        (_l("Organisation"), "organisation__name"),
        (_l("Phone"), "phone"),
        (_l("Email"), "email"),
        (_l("Active from"), "active_from"),
        (_l("Active until"), "active_to"),
        (_l("Communes today"), lambda c: ", ".join(str(r.commune.name) for r in c.communes_on())),
    ]
    table_class = CollaboratorTable


class CollaboratorDetailView(ScopedDetailView):
    model = Collaborator
    template_name = "surveys/collaborator_detail.html"
    queryset = Collaborator.objects.select_related("province", "organisation", "user")

    def get_queryset(self):
        return super().get_queryset().with_edit_flag(self.request.user)

    def get_context_data(self, **kwargs):
        collaborator, user = self.object, self.request.user
        editable = collaborator.user_can_edit
        return super().get_context_data(
            communes=collaborator.commune_assignments.select_related("commune", "district").order_by(
                "valid_to", "-valid_from"
            ),
            assignments=collaborator.assignments.visible_to(user).select_related("commune", "form")[:50],
            responses=collaborator.responses.visible_to(user).select_related("form", "facility")[:50],
            can_edit=editable,
            commune_form=CommuneAssignmentForm(collaborator=collaborator) if editable else None,
            today=clock.today(),
            entries=audit.history_for(collaborator, limit=20),
            **kwargs,
        )


class CollaboratorSaveMixin:
    model = Collaborator
    form_class = CollaboratorForm

    def save_form(self, form):
        return services.save_collaborator(form, actor=self.request.user)

    def get_success_url(self):
        return reverse("surveys:collaborator-detail", args=[self.object.pk])


class CollaboratorCreateView(CollaboratorSaveMixin, ScopedCreateView):
    pass


class CollaboratorUpdateView(CollaboratorSaveMixin, ScopedUpdateView):
    pass


class CollaboratorHistoryView(HistoryView):
    model = Collaborator

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            back_url=reverse("surveys:collaborator-detail", args=[self.object.pk]), **kwargs
        )


class CommuneAddView(PostOnlyView):
    """POST: give the collaborator one more commune from a date."""

    model = Collaborator

    def post(self, request, pk):
        collaborator = get_object_or_404(Collaborator.objects.editable_by(request.user), pk=pk)
        form = CommuneAssignmentForm(request.POST, collaborator=collaborator)
        if form.is_valid():
            try:
                services.assign_commune(
                    collaborator,
                    form.cleaned_data["commune"],
                    actor=request.user,
                    valid_from=form.cleaned_data["valid_from"],
                )
                messages.success(request, _("Commune assigned."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, _("Pick a commune of the collaborator's province."))
        return HttpResponseRedirect(reverse("surveys:collaborator-detail", args=[collaborator.pk]))


class CommuneEndView(PostOnlyView):
    """POST: end a commune assignment today (it stays listed with its dates)."""

    model = CollaboratorCommune

    def post(self, request, pk):
        row = get_object_or_404(CollaboratorCommune.objects.editable_by(request.user), pk=pk)
        services.end_commune(row, actor=request.user)
        messages.success(request, _("Commune assignment ended."))
        return HttpResponseRedirect(reverse("surveys:collaborator-detail", args=[row.collaborator_id]))
