from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "khuyencong.clusters"
    label = "clusters"
    verbose_name = _("Industrial clusters")

    def ready(self):
        from khuyencong.core import audit

        audit.register_reasons("", {"investor change": _("Investor changed")})
