from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.InspectionListView.as_view(), name="list"),
    path("new/", views.InspectionCreateView.as_view(), name="create"),
    path("<int:pk>/", views.InspectionDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.InspectionUpdateView.as_view(), name="update"),
    path("<int:pk>/history/", views.InspectionHistoryView.as_view(), name="history"),
    path("<int:pk>/findings/", views.FindingCreateView.as_view(), name="finding-create"),
    path("<int:pk>/recommendations/", views.RecommendationCreateView.as_view(), name="recommendation-create"),
    path("plans/", views.PlanListView.as_view(), name="plan-list"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan-create"),
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendation-list"),
    path("recommendations/proposal/", views.ProposalCreateView.as_view(), name="proposal-create"),
    path("recommendations/bulk/", views.RecommendationBulkView.as_view(), name="recommendation-bulk"),
    path("recommendations/<int:pk>/", views.RecommendationDetailView.as_view(), name="recommendation-detail"),
    path(
        "recommendations/<int:pk>/history/",
        views.RecommendationHistoryView.as_view(),
        name="recommendation-history",
    ),
    path("recommendations/<int:pk>/follow-up/", views.FollowUpCreateView.as_view(), name="follow-up-create"),
]
