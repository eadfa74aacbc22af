from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khuyencong.core import audit
from khuyencong.core.exports import ExportMixin
from khuyencong.core.views import (
    HistoryView,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)

from .filtersets import FacilityFilterSet
from .forms import FacilityForm
from .models import Facility
from .tables import FacilityTable


class FacilityListView(ExportMixin, ScopedListView):
    model = Facility
    filterset_class = FacilityFilterSet
    export_name = "co-so-cnnt"
    export_columns = [
        (_("Name"), "name"),
        (_("Kind"), "get_kind_display"),
        (_("Tax code"), "tax_code"),
        (_("Province"), "province__name"),
        (_("Commune"), "commune__name"),
        (_("Industry"), "industry"),
        (_("Products"), "products"),
        (_("Workers"), "workers"),
        (_("Owned by a woman"), "woman_owned"),
        (_("Employs ethnic minorities"), "employs_ethnic_minorities"),
        (_("Phone"), "phone"),
    ]
    template_name = "facilities/facility_list.html"
    queryset = Facility.objects.select_related("province", "commune").order_by("name", "id")
    table_class = FacilityTable


class FacilityDetailView(ScopedDetailView):
    model = Facility
    template_name = "facilities/facility_detail.html"
    queryset = Facility.objects.select_related("province", "commune")

    def get_context_data(self, **kwargs):
        facility = self.object
        # Support history: the đề án (programs app) naming this establishment, through the reverse relation.
        projects = getattr(facility, "projects", None)
        supported = (
            projects.visible_to(self.request.user).select_related("category").order_by("-plan_year", "code")
            if projects is not None
            else []
        )
        return super().get_context_data(
            awards=facility.awards.all(),
            projects=supported,
            entries=audit.history_for(facility, limit=20),
            **kwargs,
        )


class FacilityCreateView(ScopedCreateView):
    model = Facility
    form_class = FacilityForm

    def get_success_url(self):
        return reverse("facilities:detail", args=[self.object.pk])


class FacilityUpdateView(ScopedUpdateView):
    model = Facility
    form_class = FacilityForm

    def get_success_url(self):
        return reverse("facilities:detail", args=[self.object.pk])


class FacilityHistoryView(HistoryView):
    model = Facility

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            back_url=reverse("facilities:detail", args=[self.object.pk]), **kwargs
        )
