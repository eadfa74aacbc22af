def register(router):
    """Register this app's viewsets on the /api/v1/ router."""
    from .views import ClusterReportViewSet, PromotionReportViewSet, SubmissionViewSet

    router.register("reports/clusters", ClusterReportViewSet, basename="report-clusters")
    router.register("reports/promotion", PromotionReportViewSet, basename="report-promotion")
    router.register("reports/submissions", SubmissionViewSet, basename="submission")
