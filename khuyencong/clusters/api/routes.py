from .views import ClusterViewSet, DecisionViewSet, InvestorAssignmentViewSet, TenantViewSet


def register(router):
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("clusters/decisions", DecisionViewSet, basename="cluster-decision")
    router.register("clusters/investors", InvestorAssignmentViewSet, basename="cluster-investor")
    router.register("clusters/tenants", TenantViewSet, basename="cluster-tenant")
    router.register("clusters/clusters", ClusterViewSet, basename="cluster")
