"""The reminders job on the background-task queue (`khuyencong db_worker` runs it in production)."""

from django.tasks import task

from khuyencong.core import audit

from .reminders import send_reminders


@task()
def send_reminders_task():
    with audit.acting_as(None, reason="reminders job"):
        return send_reminders()
