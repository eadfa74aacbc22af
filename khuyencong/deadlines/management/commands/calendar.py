"""`khuyencong calendar load FILE`: load a year's official days off (the Government's announcement)."""

from django.core.management.base import BaseCommand, CommandError

from khuyencong.deadlines.reference import load_decision, read_decision


class Command(BaseCommand):
    help = "The working-day calendar: load a year's official days off from a JSON or CSV file"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "load",
            help="replace the national days off of each year in FILE by FILE's days, marked as checked "
            "(JSON {source, days: [{date, name, kind, source}]} or CSV with columns date,name,kind,source)",
        )
        load.add_argument("file")

    def handle(self, *args, action, file, **options):
        try:
            rows = read_decision(file)
        except FileNotFoundError as exc:
            raise CommandError(f"Không tìm thấy tệp / file not found: {file}") from exc
        except ValueError as exc:
            raise CommandError(f"Tệp lịch nghỉ không hợp lệ / invalid days-off file: {exc}") from exc
        for year, count in load_decision(rows).items():
            self.stdout.write(f"{year}: {count} ngày / days")
