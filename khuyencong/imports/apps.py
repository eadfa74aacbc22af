from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "khuyencong.imports"
    label = "imports"
    verbose_name = _("Excel import")

    def ready(self):
        from khuyencong.core import audit

        # imports.services stores "Nhập Excel <file name>".
        audit.register_reasons("Nhập Excel ", lambda name: _("Excel import: %(file)s") % {"file": name})
