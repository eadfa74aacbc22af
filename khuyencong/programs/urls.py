from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project-list"),
    path("new/", views.ProjectCreateView.as_view(), name="project-create"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="project-detail"),
    path("<int:pk>/edit/", views.ProjectUpdateView.as_view(), name="project-update"),
    path("<int:pk>/history/", views.ProjectHistoryView.as_view(), name="project-history"),
    path("<int:pk>/step/<slug:name>/", views.TransitionView.as_view(), name="project-transition"),
    path("<int:pk>/payments/", views.PaymentCreateView.as_view(), name="project-payment"),
    path("caps/", views.ProvincialSupportCapListView.as_view(), name="provincial-cap-list"),
    path("caps/new/", views.ProvincialSupportCapCreateView.as_view(), name="provincial-cap-create"),
    path("caps/<int:pk>/edit/", views.ProvincialSupportCapUpdateView.as_view(), name="provincial-cap-update"),
    path(
        "caps/<int:pk>/history/",
        views.ProvincialSupportCapHistoryView.as_view(),
        name="provincial-cap-history",
    ),
    path("plans/", views.PlanListView.as_view(), name="plan-list"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan-create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("plans/<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan-update"),
]
