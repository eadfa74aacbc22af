import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from khuyencong.geography.services import AmbiguousUnit, UnitNotFound
from khuyencong.reports.common import OutsideScope
from khuyencong.reports.kinds import KINDS


def _date(value):
    day = parse_date(value)
    if day is None:
        raise CommandError(f"Ngày không hợp lệ / invalid date: {value!r} (YYYY-MM-DD)")
    return day


def _user(username):
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.filter(username=username, is_active=True).first()
    if found is None:
        raise CommandError(
            f"Không có người dùng đang hoạt động tên {username!r} / no active user named {username!r}"
        )
    return found


class Command(BaseCommand):
    help = "Reports on clusters (as of a date) and on industrial promotion (over plan years)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", required=True)
        clusters = sub.add_parser("clusters", help="industrial clusters of a province as of a date")
        clusters.add_argument("--as-of", type=_date, default=None)
        promotion = sub.add_parser("promotion", help="khuyến công đề án of a province over plan years")
        promotion.add_argument("--from-year", type=int, required=True)
        promotion.add_argument("--to-year", type=int, required=True)
        for p in (clusters, promotion):
            p.add_argument(
                "--province", required=True, help="code or name, any case, with or without diacritics"
            )
            p.add_argument(
                "--boundaries", type=_date, default=None, help="roll up by the units valid on this date"
            )
            p.add_argument(
                "--user",
                default=None,
                help="report as this user: only what they may see, refused outside their provinces "
                "(without it, every record: for administrators)",
            )
            p.add_argument("--format", choices=["json", "text", "xlsx", "pdf"], default="json")
            p.add_argument(
                "-o", "--output", default=None, help="write to this file instead of standard output"
            )

    def handle(self, *args, kind, province, boundaries, format, output, user=None, **options):
        if kind == "promotion" and options["from_year"] > options["to_year"]:
            raise CommandError("--from-year phải ≤ --to-year / --from-year must not exceed --to-year")
        report = KINDS[kind]
        params = report.params(options)
        user = _user(user) if user is not None else None
        try:
            area = report.area(province, boundaries, params, user)
        except UnitNotFound as exc:
            raise CommandError(f"Không tìm thấy tỉnh / province not found: {province}") from exc
        except AmbiguousUnit as exc:
            raise CommandError(f"Tên tỉnh chưa rõ / ambiguous province: {province}") from exc
        except OutsideScope as exc:
            raise CommandError(f"{exc.vi} / {exc.en}") from exc
        data, text = report.build(area, params, user)
        if format in {"xlsx", "pdf"}:
            if not output:
                raise CommandError(f"--format {format} cần -o FILE / --format {format} needs -o FILE")
            from khuyencong.reports import output as report_output

            content = (
                report_output.to_xlsx(kind, data)
                if format == "xlsx"
                else report_output.to_pdf(kind, data, text)
            )
            with open(output, "wb") as fh:
                fh.write(content)
            self.stdout.write(f"{output}")
            return
        content = json.dumps(data, ensure_ascii=False, indent=2, default=str) if format == "json" else text
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(content + "\n")
        else:
            self.stdout.write(content)
