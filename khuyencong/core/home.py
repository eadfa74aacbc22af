"""The home page per role: "my work" first, then the panels and figures of the user's scope, then the
menu's groups as cards (core/work.py gathers the first three from the apps)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from . import clock, work


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = clock.today()
        entries = work.entries(user, today)
        context.update(
            today=today,
            actions=[e for e in entries if e.urgency == work.ACTION],
            work_entries=[e for e in entries if e.urgency != work.ACTION],
            panels=work.panels(user, today),
            figures=work.figures(user),
        )
        return context
