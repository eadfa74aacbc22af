"""The public cluster catalogue, mounted at /catalogue/ without sign-in (see reports/catalogue.py)."""

from django.urls import path

from . import dashboard_views

app_name = "catalogue"

urlpatterns = [
    path("", dashboard_views.CatalogueView.as_view(), name="public-catalogue"),
    path("data.json", dashboard_views.CatalogueDataView.as_view(), name="public-catalogue-data"),
]
