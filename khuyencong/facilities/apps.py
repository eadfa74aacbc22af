from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "khuyencong.facilities"
    label = "facilities"
    verbose_name = _("Beneficiaries")

    def ready(self):
        from khuyencong.core import audit

        audit.register_reasons("", {"register facility": _("Establishment registered")})
