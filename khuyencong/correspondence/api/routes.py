from .views import CorrespondenceLinkViewSet, CorrespondenceViewSet


def register(router):
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("correspondence/links", CorrespondenceLinkViewSet, basename="correspondence-link")
    router.register("correspondence/documents", CorrespondenceViewSet, basename="correspondence")
