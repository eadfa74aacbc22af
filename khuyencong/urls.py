from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from khuyencong.core import guide
from khuyencong.core.home import HomeView
from khuyencong.core.views import ProtectedFileView, lookup

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    # the user guide: open to every visitor (core/guide.py)
    path("huong-dan/", guide.GuideIndexView.as_view(), name="guide"),
    path("huong-dan/huong-dan.pdf", guide.guide_pdf, name="guide-pdf"),
    path("huong-dan/img/<str:name>", guide.guide_image, name="guide-image"),
    path("huong-dan/<slug:slug>/", guide.GuideChapterView.as_view(), name="guide-chapter"),
    path("accounts/", include("khuyencong.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("geography/", include("khuyencong.geography.urls")),
    path("clusters/", include("khuyencong.clusters.urls")),
    path("facilities/", include("khuyencong.facilities.urls")),
    path("programs/", include("khuyencong.programs.urls")),
    path("surveys/", include("khuyencong.surveys.urls")),
    path("inspections/", include("khuyencong.inspections.urls")),
    path("reports/", include("khuyencong.reports.urls")),
    path("deadlines/", include("khuyencong.deadlines.urls")),
    path("correspondence/", include("khuyencong.correspondence.urls")),
    path("catalogue/", include("khuyencong.reports.catalogue_urls")),  # public: no sign-in
    path("imports/", include("khuyencong.imports.urls")),
    path("api/", include("khuyencong.api.urls")),
    path(
        "files/<str:app_label>/<str:model_name>/<int:pk>/<str:field>/",
        ProtectedFileView.as_view(),
        name="protected-file",
    ),
    # the matching options of a long choice list (khuyencong/core/widgets.py)
    path("lookup/<str:form_key>/<str:field_name>/", lookup, name="lookup"),
    path("admin/", admin.site.urls),
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
]
