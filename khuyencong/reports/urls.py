from django.urls import include, path

from . import submission_views, views

app_name = "reports"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("clusters/", views.ClusterReportView.as_view(), name="clusters"),
    path("promotion/", views.PromotionReportView.as_view(), name="promotion"),
    path("submissions/", submission_views.SubmissionOverviewView.as_view(), name="submissions"),
    path("submissions/chain/", submission_views.ChainView.as_view(), name="submission-chain"),
    path("submissions/open/", submission_views.SubmissionOpenView.as_view(), name="submission-open"),
    path("submissions/<int:pk>/", submission_views.SubmissionDetailView.as_view(), name="submission-detail"),
    path("submissions/<int:pk>/step/", submission_views.SubmissionStepView.as_view(), name="submission-step"),
    path("checks/", submission_views.CrossCheckView.as_view(), name="checks"),
    path("", include("khuyencong.reports.dashboard_urls")),
]
