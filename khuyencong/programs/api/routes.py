def register(router):
    """Register this app's viewsets on the /api/v1/ router."""
    from .views import PlanViewSet, ProgrammeViewSet, ProjectViewSet

    router.register("programs/programmes", ProgrammeViewSet, basename="programme")
    router.register("programs/plans", PlanViewSet, basename="plan")
    router.register("programs/projects", ProjectViewSet, basename="project")
