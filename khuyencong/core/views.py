"""Generic views shared by every app: thin wrappers that go through the scoping layer."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.views.generic import DetailView, ListView, TemplateView

from . import audit


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"


class ScopedQuerysetMixin(LoginRequiredMixin):
    """Restrict `queryset` to what the user may view; detail lookups outside it are 404."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ScopedListView(ScopedQuerysetMixin, ListView):
    """List with an optional FilterSet (the same one the API uses)."""

    filterset_class = None
    paginate_by = 50

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.filterset_class is None:
            return queryset
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=queryset, request=self.request
        )
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else queryset

    def get_template_names(self):
        names = super().get_template_names()
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return [name.replace(".html", "_rows.html") for name in names] + names
        return names

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = getattr(self, "filterset", None)
        params = self.request.GET.copy()
        params.pop("page", None)
        context["querystring"] = params.urlencode()
        return context


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    pass


class HistoryView(ScopedQuerysetMixin, DetailView):
    """The "History" tab of any audited, scoped model: who changed what, and when."""

    template_name = "core/history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not hasattr(self.object, "history"):
            raise Http404
        context["entries"] = audit.history_for(self.object)
        return context
