def register(router):
    """Register this app's viewsets on the /api/v1/ router."""
    from .views import FindingViewSet, InspectionPlanViewSet, InspectionViewSet, RecommendationViewSet

    router.register("inspections/plans", InspectionPlanViewSet, basename="inspection-plan")
    router.register("inspections/visits", InspectionViewSet, basename="inspection")
    router.register("inspections/findings", FindingViewSet, basename="inspection-finding")
    router.register("inspections/recommendations", RecommendationViewSet, basename="recommendation")
