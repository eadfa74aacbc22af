"""URL patterns of the dashboards (included by reports/urls.py)."""

from django.urls import path

from . import dashboard_views

urlpatterns = [
    path("dashboard/", dashboard_views.DashboardView.as_view(), name="dashboard"),
]
