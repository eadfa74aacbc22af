from django.urls import path

from . import views

app_name = "facilities"

urlpatterns = [
    path("", views.FacilityListView.as_view(), name="list"),
    path("new/", views.FacilityCreateView.as_view(), name="create"),
    path("<int:pk>/", views.FacilityDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.FacilityUpdateView.as_view(), name="update"),
    path("<int:pk>/history/", views.FacilityHistoryView.as_view(), name="history"),
]
