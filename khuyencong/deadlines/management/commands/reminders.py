from datetime import date

from django.core.management.base import BaseCommand, CommandError

from khuyencong.core import audit
from khuyencong.deadlines.reminders import send_reminders


class Command(BaseCommand):
    help = "Send the e-mail reminders of due and overdue items (each reminder once); run daily."

    def add_arguments(self, parser):
        parser.add_argument("--date", default=None, help="pretend today is YYYY-MM-DD")
        parser.add_argument("--dry-run", action="store_true", help="count what would be sent, send nothing")
        parser.add_argument(
            "--queue", action="store_true", help="enqueue the job for the task worker instead"
        )

    def handle(self, *args, date=None, dry_run=False, queue=False, **options):
        if queue:
            from khuyencong.deadlines.tasks import send_reminders_task

            result = send_reminders_task.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        try:
            today = _parse(date)
        except ValueError as exc:
            raise CommandError(f"Ngày không hợp lệ / invalid date: {date!r} (YYYY-MM-DD)") from exc
        with audit.acting_as(None, reason="khuyencong reminders"):
            counts = send_reminders(today, dry_run=dry_run)
        self.stdout.write(
            f"{counts['users']} users, {counts['emails']} e-mails, {counts['reminders']} reminders"
            + (" (dry run)" if dry_run else "")
        )


def _parse(value):
    return date.fromisoformat(value) if value else None
