"""The survey home page: coverage per province, or a collaborator's own assignments."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from .. import services
from ..choices import AssignmentStatus
from ..forms import provinces_for
from ..models import SurveyAssignment, SurveyResponse
from .base import is_collaborator_only, takes_part_in_surveys


class SurveyHomeView(LoginRequiredMixin, TemplateView):
    """Coverage per province: communes with and without a collaborator, establishments per collaborator,
    last survey per commune. Collaborators land on their own assignments."""

    template_name = "surveys/home.html"
    allows = staticmethod(takes_part_in_surveys)

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        if is_collaborator_only(user):
            context["my_assignments"] = (
                SurveyAssignment.objects.visible_to(user)
                .owned_by(user)
                .select_related("commune", "form")
                .filter(status=AssignmentStatus.ASSIGNED)
            )
            context["my_responses"] = SurveyResponse.objects.visible_to(user).select_related(
                "form", "facility"
            )[:20]
            return context
        provinces = list(provinces_for(user).valid_on())
        context["provinces"] = provinces
        chosen = None
        wanted = self.request.GET.get("province", "")
        if wanted.isdigit():
            chosen = next((p for p in provinces if p.pk == int(wanted)), None)
        if chosen is None and provinces:
            chosen = provinces[0] if len(provinces) < 5 else None
        if chosen is not None:
            context["coverage"] = services.coverage(chosen, user=user)
        context["chosen"] = chosen
        context["open_responses"] = SurveyResponse.objects.visible_to(user).open().count()
        context["overdue_assignments"] = SurveyAssignment.objects.visible_to(user).overdue().count()
        return context
