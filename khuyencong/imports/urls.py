from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.UploadView.as_view(), name="upload"),
    path("template.xlsx", views.TemplateDownloadView.as_view(), name="template"),
    path("jobs/", views.JobListView.as_view(), name="jobs"),
    path("jobs/<int:pk>/", views.JobView.as_view(), name="job"),
    path("jobs/<int:pk>/confirm/", views.JobConfirmView.as_view(), name="job-confirm"),
    path("jobs/<int:pk>/status/", views.JobStatusView.as_view(), name="job-status"),
    path("jobs/<int:pk>/download/", views.JobDownloadView.as_view(), name="job-download"),
    path("jobs/<int:pk>/errors.xlsx", views.JobErrorsDownloadView.as_view(), name="job-errors"),
]
