from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "khuyencong.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from khuyencong.core import audit

        def history_reason(step):
            from .models import SubmissionEvent

            Action = SubmissionEvent.Action  # noqa: N806
            # reports.submissions stores "báo cáo định kỳ: <step>" (mở, cập nhật, gửi, return, accept).
            labels = {
                "mở": Action.OPEN.label,
                "cập nhật": _("Report updated"),
                "gửi": Action.SUBMIT.label,
                Action.RETURN: Action.RETURN.label,
                Action.ACCEPT: Action.ACCEPT.label,
            }
            return labels.get(step)

        audit.register_reasons("báo cáo định kỳ: ", history_reason)
