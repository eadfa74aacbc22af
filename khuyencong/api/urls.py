from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from khuyencong.clusters.api import routes as cluster_routes
from khuyencong.correspondence.api import routes as correspondence_routes
from khuyencong.facilities.api import routes as facility_routes
from khuyencong.geography.api.views import AdminUnitViewSet
from khuyencong.inspections.api import routes as inspection_routes
from khuyencong.programs.api import routes as program_routes
from khuyencong.reports.api import routes as report_routes
from khuyencong.surveys.api import routes as survey_routes

router = DefaultRouter()
router.register("geography/units", AdminUnitViewSet, basename="adminunit")
cluster_routes.register(router)
facility_routes.register(router)
program_routes.register(router)
survey_routes.register(router)
inspection_routes.register(router)
report_routes.register(router)
correspondence_routes.register(router)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
