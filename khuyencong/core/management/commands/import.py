from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Import a template workbook (.xlsx). Reserved: arrives with the Excel import issue."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        raise CommandError("Chức năng nhập Excel chưa có. / Excel import is not available yet.")
