from django.urls import path

from . import views

app_name = "geography"

urlpatterns = [
    path("", views.ProvinceListView.as_view(), name="province-list"),
    path("search/", views.UnitSearchView.as_view(), name="unit-search"),
    path("<int:pk>/", views.UnitDetailView.as_view(), name="unit-detail"),
]
