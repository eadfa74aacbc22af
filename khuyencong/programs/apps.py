from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "khuyencong.programs"
    label = "programs"
    verbose_name = _("Industrial promotion")

    def ready(self):
        from khuyencong.core import audit

        from . import workflow

        # programs.services stores "đề án: <step>": history shows the step's label.
        audit.register_reasons("đề án: ", workflow.history_reason)
        audit.register_reasons("kế hoạch khuyến công", {"": _("Promotion plan saved")})
