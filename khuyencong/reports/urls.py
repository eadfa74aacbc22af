from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("clusters/", views.ClusterReportView.as_view(), name="clusters"),
    path("promotion/", views.PromotionReportView.as_view(), name="promotion"),
]
