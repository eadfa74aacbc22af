import json
from datetime import date
from importlib import import_module

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from khuyencong.core import clock
from khuyencong.geography.services import AmbiguousUnit, UnitNotFound
from khuyencong.reports.common import OutsideScope, ReportArea, check_scope


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
        if kind == "clusters":
            as_of = options["as_of"] or clock.today()
            module = import_module("khuyencong.reports.cluster_report")
            params = {"as_of": as_of}
            default_boundaries = as_of
        else:
            if options["from_year"] > options["to_year"]:
                raise CommandError("--from-year phải ≤ --to-year / --from-year must not exceed --to-year")
            module = import_module("khuyencong.reports.promotion_report")
            params = {"from_year": options["from_year"], "to_year": options["to_year"]}
            default_boundaries = min(date(options["to_year"], 12, 31), clock.today())
        try:
            area = ReportArea.resolve(province, boundaries or default_boundaries)
        except UnitNotFound as exc:
            raise CommandError(f"Không tìm thấy tỉnh / province not found: {province}") from exc
        except AmbiguousUnit as exc:
            raise CommandError(f"Tên tỉnh chưa rõ / ambiguous province: {province}") from exc
        if user is not None:
            user = _user(user)
            try:
                check_scope(user, area)
            except OutsideScope as exc:
                raise CommandError(f"{exc.vi} / {exc.en}") from exc
            params["user"] = user
        data = module.build(area, **params)
        if format in {"xlsx", "pdf"}:
            if not output:
                raise CommandError(f"--format {format} cần -o FILE / --format {format} needs -o FILE")
            from khuyencong.reports import output as report_output

            content = (
                report_output.to_xlsx(kind, data)
                if format == "xlsx"
                else report_output.to_pdf(kind, data, module.to_text(data))
            )
            with open(output, "wb") as fh:
                fh.write(content)
            self.stdout.write(f"{output}")
            return
        content = (
            json.dumps(data, ensure_ascii=False, indent=2, default=str)
            if format == "json"
            else module.to_text(data)
        )
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(content + "\n")
        else:
            self.stdout.write(content)
