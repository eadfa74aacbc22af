from khuyencong.api.viewsets import ScopedModelViewSet

from ..filtersets import FacilityFilterSet
from ..models import Facility
from .serializers import FacilitySerializer


class FacilityViewSet(ScopedModelViewSet):
    """Rural industrial establishments; duplicate names in one commune are refused unless allow_duplicate.
    Deleted only while no đề án, survey or inspection refers to them (409 naming them otherwise)."""

    queryset = (
        Facility.objects.select_related("province", "commune")
        .prefetch_related("awards")
        .order_by("name", "id")
    )
    serializer_class = FacilitySerializer
    filterset_class = FacilityFilterSet
    keep_while_referenced_by = ("projects", "survey_assignments", "survey_responses")
