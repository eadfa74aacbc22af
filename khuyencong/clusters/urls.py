from django.urls import path

from . import views

app_name = "clusters"

urlpatterns = [
    path("", views.ClusterListView.as_view(), name="list"),
    path("map/", views.ClusterMapView.as_view(), name="map"),
    path("add/", views.ClusterCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ClusterDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ClusterUpdateView.as_view(), name="update"),
    path("<int:pk>/history/", views.ClusterHistoryView.as_view(), name="history"),
    path("<int:cluster_pk>/decisions/add/", views.DecisionCreateView.as_view(), name="decision-create"),
    path("decisions/<int:pk>/edit/", views.DecisionUpdateView.as_view(), name="decision-update"),
    path("decisions/<int:pk>/delete/", views.DecisionDeleteView.as_view(), name="decision-delete"),
    path("<int:cluster_pk>/investor/", views.InvestorChangeView.as_view(), name="investor-change"),
    path("<int:cluster_pk>/land/add/", views.LandRecordCreateView.as_view(), name="land-create"),
    path("land/<int:pk>/edit/", views.LandRecordUpdateView.as_view(), name="land-update"),
    path(
        "<int:cluster_pk>/infrastructure/add/",
        views.InfrastructureCreateView.as_view(),
        name="infrastructure-create",
    ),
    path(
        "infrastructure/<int:pk>/edit/",
        views.InfrastructureUpdateView.as_view(),
        name="infrastructure-update",
    ),
    path("<int:cluster_pk>/tenants/add/", views.TenantCreateView.as_view(), name="tenant-create"),
    path("tenants/<int:pk>/", views.TenantDetailView.as_view(), name="tenant-detail"),
    path("tenants/<int:pk>/edit/", views.TenantUpdateView.as_view(), name="tenant-update"),
    path(
        "tenants/<int:tenant_pk>/reports/add/",
        views.TenantReportCreateView.as_view(),
        name="tenant-report-create",
    ),
]
