from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrespondenceConfig(AppConfig):
    name = "khuyencong.correspondence"
    label = "correspondence"
    verbose_name = _("Correspondence")

    def ready(self):
        # The register follows decisions recorded in the clusters and promotion apps; those apps stay
        # unaware of it (signals are connected here, never there).
        from . import signals

        signals.connect()
