from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "khuyencong.inspections"
    label = "inspections"
    verbose_name = _("Inspections")

    def ready(self):
        from khuyencong.core import audit

        # Reasons of the inspections services, as stored in history → what the history page shows.
        audit.register_reasons(
            "",
            {
                "inspection": _("Inspection saved"),
                "inspection finding": _("Finding recorded"),
                "recommendation": _("Recommendation saved"),
                "recommendation follow-up": _("Recommendation follow-up"),
            },
        )
