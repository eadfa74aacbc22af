from khuyencong.api.viewsets import ScopedReadOnlyViewSet

from ..filtersets import AdminUnitFilterSet
from ..models import AdminUnit
from .serializers import AdminUnitDetailSerializer, AdminUnitSerializer


class AdminUnitViewSet(ScopedReadOnlyViewSet):
    """Administrative units, both code schemes; filter with ?scheme=&level=&valid_on=&q=&province=."""

    queryset = AdminUnit.objects.select_related("province", "parent").order_by("scheme", "level", "code")
    filterset_class = AdminUnitFilterSet

    def get_serializer_class(self):
        return AdminUnitDetailSerializer if self.action == "retrieve" else AdminUnitSerializer

    def get_object(self):
        unit = super().get_object()
        unit.successor_units = list(unit.successors())
        unit.predecessor_units = list(unit.predecessors())
        return unit
