from django.utils.dateparse import parse_date

from khuyencong.core import clock
from khuyencong.core.views import ScopedDetailView, ScopedListView

from .filtersets import AdminUnitFilterSet
from .models import AdminUnit
from .tables import UnitTable


class ProvinceListView(ScopedListView):
    """Provinces valid on a date (default today), with search that ignores diacritics."""

    model = AdminUnit
    template_name = "geography/province_list.html"
    paginate_by = None

    def get_queryset(self):
        self.day = parse_date(self.request.GET.get("date", "")) or clock.today()
        queryset = AdminUnit.objects.visible_to(self.request.user).provinces().valid_on(self.day)
        return queryset.search(self.request.GET.get("q", "")).order_by("code")

    def get_context_data(self, **kwargs):
        return super().get_context_data(day=self.day, q=self.request.GET.get("q", ""), **kwargs)


class UnitSearchView(ScopedListView):
    model = AdminUnit
    filterset_class = AdminUnitFilterSet
    template_name = "geography/unit_search.html"
    table_class = UnitTable
    queryset = AdminUnit.objects.select_related("province", "parent").order_by("level", "scheme", "code")


class UnitDetailView(ScopedDetailView):
    model = AdminUnit
    template_name = "geography/unit_detail.html"
    queryset = AdminUnit.objects.select_related("province", "parent")

    def get_context_data(self, **kwargs):
        unit = self.object
        return super().get_context_data(
            successors=unit.successors(),
            predecessors=unit.predecessors(),
            current_units=unit.current_units(),
            children=unit.children.order_by("code")[:500],
            **kwargs,
        )
