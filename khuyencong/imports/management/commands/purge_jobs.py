"""`khuyencong purge_jobs`: delete the files of export and report jobs older than JOB_OUTPUT_DAYS."""

from django.core.management.base import BaseCommand

from khuyencong.imports.jobs import output_days, purge_outputs


class Command(BaseCommand):
    help = (
        "Delete the files produced by export and report jobs that finished more than JOB_OUTPUT_DAYS "
        "(default 7) days ago; the jobs stay listed. The task worker also does this after each such job."
    )

    def handle(self, *args, **options):
        deleted = purge_outputs()
        self.stdout.write(f"{deleted} files deleted (older than {output_days()} days)")
