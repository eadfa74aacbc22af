def register(router):
    """Register this app's viewsets on the /api/v1/ router."""
    from .views import FacilityViewSet

    router.register("facilities", FacilityViewSet, basename="facility")
