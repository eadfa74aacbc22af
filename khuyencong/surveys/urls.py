from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.SurveyHomeView.as_view(), name="home"),
    path("collect/", views.CollectView.as_view(), name="collect"),
    path("collect/manifest.webmanifest", views.ManifestView.as_view(), name="manifest"),
    path("sw.js", views.ServiceWorkerView.as_view(), name="service-worker"),
    path("collaborators/", views.CollaboratorListView.as_view(), name="collaborator-list"),
    path("collaborators/new/", views.CollaboratorCreateView.as_view(), name="collaborator-create"),
    path("collaborators/<int:pk>/", views.CollaboratorDetailView.as_view(), name="collaborator-detail"),
    path("collaborators/<int:pk>/edit/", views.CollaboratorUpdateView.as_view(), name="collaborator-update"),
    path(
        "collaborators/<int:pk>/history/",
        views.CollaboratorHistoryView.as_view(),
        name="collaborator-history",
    ),
    path("collaborators/<int:pk>/communes/", views.CommuneAddView.as_view(), name="collaborator-commune-add"),
    path(
        "collaborator-communes/<int:pk>/end/", views.CommuneEndView.as_view(), name="collaborator-commune-end"
    ),
    path("assignments/", views.AssignmentListView.as_view(), name="assignment-list"),
    path("assignments/new/", views.AssignmentCreateView.as_view(), name="assignment-create"),
    path("assignments/<int:pk>/", views.AssignmentDetailView.as_view(), name="assignment-detail"),
    path("assignments/<int:pk>/edit/", views.AssignmentUpdateView.as_view(), name="assignment-update"),
    path("assignments/<int:pk>/history/", views.AssignmentHistoryView.as_view(), name="assignment-history"),
    path("responses/", views.ResponseListView.as_view(), name="response-list"),
    path("responses/<int:pk>/", views.ResponseDetailView.as_view(), name="response-detail"),
    path("responses/<int:pk>/review/", views.ResponseReviewView.as_view(), name="response-review"),
    path("responses/<int:pk>/merge/", views.ResponseMergeView.as_view(), name="response-merge"),
    path("responses/<int:pk>/resolve/", views.ResponseResolveView.as_view(), name="response-resolve"),
    path(
        "responses/<int:pk>/draft-project/", views.ResponseDraftProjectView.as_view(), name="response-project"
    ),
    path("responses/<int:pk>/history/", views.ResponseHistoryView.as_view(), name="response-history"),
    path("forms/", views.FormListView.as_view(), name="form-list"),
    path("forms/<int:pk>/", views.FormDetailView.as_view(), name="form-detail"),
]
