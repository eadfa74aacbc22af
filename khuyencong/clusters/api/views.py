from django.utils.translation import gettext_lazy as _

from khuyencong.api.viewsets import NO_DELETE, ScopedModelViewSet, ScopedReadOnlyViewSet

from .. import services
from ..filtersets import (
    ClusterDecisionFilterSet,
    ClusterFilterSet,
    InvestorAssignmentFilterSet,
    TenantFilterSet,
)
from ..models import Cluster, ClusterDecision, ClusterInvestorAssignment, TenantProject
from .serializers import ClusterSerializer, DecisionSerializer, InvestorAssignmentSerializer, TenantSerializer


class ClusterViewSet(ScopedModelViewSet):
    """Industrial clusters; filter with ?q=&province=&commune=&status=&investor_kind=&occupancy_min=&
    occupancy_max=&has_wastewater_plant= (the same filters as the list page). Not deleted: a cluster ends
    with the decision that revokes it or removes it from the plan."""

    queryset = Cluster.objects.for_list().order_by("province__code", "search_text", "pk")
    serializer_class = ClusterSerializer
    filterset_class = ClusterFilterSet
    http_method_names = NO_DELETE
    close_instead = _(
        "An industrial cluster is not deleted: record the decision that revokes it or removes it from "
        "the plan."
    )

    def _save(self, serializer):
        communes = serializer.validated_data.pop("communes", None)
        instance = serializer.instance or Cluster()
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        return services.save_cluster(instance, communes=communes)

    def perform_create(self, serializer):
        serializer.instance = self.checked_save(lambda: self._save(serializer))

    def perform_update(self, serializer):
        serializer.instance = self.checked_save(lambda: self._save(serializer))


class DecisionViewSet(ScopedModelViewSet):
    """Decisions (legal steps) of clusters; writing one refreshes the cluster's derived status."""

    queryset = ClusterDecision.objects.select_related("cluster", "issuing_body").order_by(
        "cluster", "issued_on", "pk"
    )
    serializer_class = DecisionSerializer
    filterset_class = ClusterDecisionFilterSet

    def _save(self, serializer):
        instance = serializer.instance or ClusterDecision()
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        return services.record_decision(instance)

    def perform_create(self, serializer):
        serializer.instance = self.checked_save(lambda: self._save(serializer))

    def perform_update(self, serializer):
        serializer.instance = self.checked_save(lambda: self._save(serializer))

    def perform_destroy(self, instance):
        services.delete_decision(instance, actor=self.request.user)


class InvestorAssignmentViewSet(ScopedReadOnlyViewSet):
    """The investor history of clusters (who was infrastructure investor, of which kind, when)."""

    queryset = ClusterInvestorAssignment.objects.select_related("cluster", "investor").order_by(
        "cluster", "since", "pk"
    )
    serializer_class = InvestorAssignmentSerializer
    filterset_class = InvestorAssignmentFilterSet


class TenantViewSet(ScopedModelViewSet):
    """Tenant (secondary) projects in clusters. Not deleted (their periodic figures would go with them):
    a project that ends is given the status "terminated"."""

    queryset = TenantProject.objects.select_related("cluster").order_by("cluster", "name", "pk")
    serializer_class = TenantSerializer
    filterset_class = TenantFilterSet
    http_method_names = NO_DELETE
    close_instead = _(
        "A tenant project is not deleted (its periodic figures would go with it): set its status to "
        '"terminated" instead.'
    )
