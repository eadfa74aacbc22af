import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from khuyencong.core import clock
from khuyencong.geography.loader import load_units
from khuyencong.geography.models import AdminUnit
from khuyencong.geography.services import AmbiguousUnit, UnitNotFound, resolve_province


def _date(value):
    day = parse_date(value)
    if day is None:
        raise CommandError(f"Ngày không hợp lệ / invalid date: {value!r} (YYYY-MM-DD)")
    return day


def _unit_json(unit):
    return {
        "code": unit.code,
        "scheme": unit.scheme,
        "name": unit.name,
        "full_name": unit.full_name,
        "unit_type": unit.unit_type,
        "valid_from": unit.valid_from.isoformat(),
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
    }


class Command(BaseCommand):
    help = "Administrative units: geo provinces [--date D] [--format json|text] | geo lookup NAME | geo load"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        provinces = sub.add_parser("provinces", help="provinces valid on a date (default today)")
        provinces.add_argument("--date", type=_date, default=None)
        provinces.add_argument("--format", choices=["json", "text"], default="text")
        lookup = sub.add_parser(
            "lookup", help="find a province by code or name, ignoring case and diacritics"
        )
        lookup.add_argument("name")
        lookup.add_argument("--date", type=_date, default=None)
        lookup.add_argument("--format", choices=["json", "text"], default="text")
        sub.add_parser("load", help="load or refresh units from the vietnam-provinces package")

    def handle(self, *args, action, **options):
        return getattr(self, f"do_{action}")(**options)

    def do_load(self, **options):
        counts = load_units()
        for (scheme, level), count in counts.items():
            self.stdout.write(f"{scheme:7} {level:9} {count}")

    def do_provinces(self, date=None, format="text", **options):
        day = date or _today()
        units = AdminUnit.objects.provinces().valid_on(day).order_by("code")
        if format == "json":
            self.stdout.write(json.dumps([_unit_json(u) for u in units], ensure_ascii=False, indent=2))
        else:
            for unit in units:
                self.stdout.write(f"{unit.code}  {unit.full_name}")
            self.stdout.write(f"{len(units)} tỉnh/thành phố ngày {day:%d/%m/%Y}")

    def do_lookup(self, name, date=None, format="text", **options):
        try:
            unit = resolve_province(name, on=date)
        except UnitNotFound as exc:
            raise CommandError(f"Không tìm thấy tỉnh / province not found: {name}") from exc
        except AmbiguousUnit as exc:
            raise CommandError(f"Tên chưa rõ, nhiều tỉnh khớp / ambiguous name: {name}") from exc
        successors = [u for u in unit.current_units() if u.pk != unit.pk]
        if format == "json":
            data = _unit_json(unit) | {"successors": [_unit_json(u) for u in successors]}
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"{unit.code}  {unit.full_name} ({unit.get_scheme_display()})")
            for successor in successors:
                self.stdout.write(f"  → {successor.code}  {successor.full_name}")


def _today():
    return clock.today()
