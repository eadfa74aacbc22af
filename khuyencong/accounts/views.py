from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class ProfileView(LoginRequiredMixin, TemplateView):
    """What the signed-in user holds: organisation, roles and the provinces they cover."""

    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        assignments = self.request.user.role_assignments.active().select_related("province", "organisation")
        return super().get_context_data(assignments=assignments.prefetch_related("communes"), **kwargs)
