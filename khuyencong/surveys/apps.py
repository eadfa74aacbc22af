from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "khuyencong.surveys"
    label = "surveys"
    verbose_name = _("Field network")

    def ready(self):
        from khuyencong.core import audit

        # Reasons of the surveys services, as stored in history → what the history page shows.
        audit.register_reasons(
            "",
            {
                "survey received": _("Survey received"),
                "survey reviewed": _("Survey reviewed"),
                "survey conflict": _("Survey conflicts with the registry"),
                "survey conflict resolved": _("Survey conflict resolved"),
                "survey merged": _("Survey merged into the registry"),
                "đề án drafted from survey": _("Đề án drafted from a survey"),
                "survey assignment": _("Survey assignment"),
                "collaborator": _("Collaborator saved"),
                "collaborator communes": _("Collaborator's communes"),
                "collaborator commune": _("Collaborator's commune added"),
                "collaborator commune ended": _("Collaborator's commune ended"),
            },
        )
