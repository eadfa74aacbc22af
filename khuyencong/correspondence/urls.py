from django.urls import path

from . import views

app_name = "correspondence"

urlpatterns = [
    path("", views.CorrespondenceListView.as_view(), name="list"),
    path("add/", views.CorrespondenceCreateView.as_view(), name="create"),
    path("<int:pk>/", views.CorrespondenceDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.CorrespondenceUpdateView.as_view(), name="update"),
    path("<int:pk>/history/", views.CorrespondenceHistoryView.as_view(), name="history"),
    path("<int:pk>/links/add/", views.LinkCreateView.as_view(), name="link-create"),
    path("links/<int:pk>/delete/", views.LinkDeleteView.as_view(), name="link-delete"),
]
