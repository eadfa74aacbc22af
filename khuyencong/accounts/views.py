from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.views.generic import TemplateView

from khuyencong.core import audit
from khuyencong.core.scoping import can_edit
from khuyencong.core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView

from .filtersets import OrganisationFilterSet
from .forms import OrganisationForm
from .models import Organisation


class ProfileView(LoginRequiredMixin, TemplateView):
    """What the signed-in user holds: organisation, roles and the provinces they cover."""

    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        assignments = self.request.user.role_assignments.active().select_related("province", "organisation")
        return super().get_context_data(assignments=assignments.prefetch_related("communes"), **kwargs)


class OrganisationListView(ScopedListView):
    model = Organisation
    filterset_class = OrganisationFilterSet
    queryset = Organisation.objects.select_related("province").order_by("name")
    template_name = "accounts/organisation_list.html"


class OrganisationDetailView(ScopedDetailView):
    """Facts, successor and the History tab of an organisation."""

    model = Organisation
    queryset = Organisation.objects.select_related("province", "successor")
    template_name = "accounts/organisation_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            entries=audit.history_for(self.object),
            can_edit=can_edit(self.request.user, self.object),
            **kwargs,
        )


class OrganisationCreateView(ScopedCreateView):
    model = Organisation
    form_class = OrganisationForm

    def get_success_url(self):
        return reverse("organisation-detail", args=[self.object.pk])


class OrganisationUpdateView(ScopedUpdateView):
    model = Organisation
    form_class = OrganisationForm

    def get_success_url(self):
        return reverse("organisation-detail", args=[self.object.pk])
