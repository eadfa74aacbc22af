from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View
from django.views.generic import TemplateView
from rest_framework.authtoken.models import Token

from khuyencong.core import audit
from khuyencong.core.exports import ExportMixin
from khuyencong.core.scoping import can_edit
from khuyencong.core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView

from .filtersets import OrganisationFilterSet
from .forms import OrganisationForm
from .models import Organisation, RecoveryCodeDevice, TokenSecondFactor
from .otp import requires_otp
from .tables import OrganisationTable


class ProfileView(LoginRequiredMixin, TemplateView):
    """What the signed-in user holds: organisation, roles and the provinces they cover."""

    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        assignments = self.request.user.role_assignments.active().select_related("province", "organisation")
        return super().get_context_data(
            assignments=assignments.prefetch_related("communes"),
            has_token=Token.objects.filter(user=self.request.user).exists(),
            recovery=RecoveryCodeDevice.objects.filter(user=self.request.user, confirmed=True).first(),
            **kwargs,
        )


class ApiTokenView(LoginRequiredMixin, View):
    """POST: create or replace the user's API token and show it once (for `Authorization: Token …`).

    A user who needs a second factor must have passed it in this session (the middleware sends them to
    it; checked again here), and the token is marked as made so (accounts/authentication.py)."""

    def post(self, request):
        verified = request.user.is_verified()
        if requires_otp(request.user) and not verified:
            raise PermissionDenied
        Token.objects.filter(user=request.user).delete()
        token = Token.objects.create(user=request.user)
        if verified:
            TokenSecondFactor.objects.create(token=token)
        messages.success(request, _("Your new API token (shown once): %(key)s") % {"key": token.key})
        return redirect("profile")


class OrganisationListView(ExportMixin, ScopedListView):
    model = Organisation
    export_columns = [
        (_l("Name"), "name"),
        (_l("Kind"), "get_kind_display"),
        (_l("Province"), "province__full_name"),
        (_l("Tax code"), "tax_code"),
        (_l("Valid from"), "valid_from"),
        (_l("Valid to"), "valid_to"),
    ]
    filterset_class = OrganisationFilterSet
    queryset = Organisation.objects.select_related("province").order_by("name")
    template_name = "accounts/organisation_list.html"
    table_class = OrganisationTable


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
