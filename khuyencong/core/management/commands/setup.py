from importlib import import_module, util

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from khuyencong.core.audit import acting_as


def app_hooks(module_name):
    """Each of our apps' `<app>.<module_name>.load` functions, in INSTALLED_APPS (dependency) order."""
    hooks = []
    for config in apps.get_app_configs():
        if not config.name.startswith("khuyencong."):
            continue
        dotted = f"{config.name}.{module_name}"
        if util.find_spec(dotted) is not None:
            hooks.append((config.label, import_module(dotted).load))
    return hooks


class Command(BaseCommand):
    help = "Migrate the database and load reference data (and, with --demo, demo data). Starts no server."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="also load demo data (needs DEBUG)")

    def handle(self, *args, demo=False, **options):
        if demo and not settings.DEBUG:
            raise CommandError(
                "Dữ liệu demo chỉ được nạp khi DEBUG bật. / Demo data loads only with DEBUG on (DEBUG=1)."
            )
        verbosity = options["verbosity"]
        if verbosity:
            self.stdout.write(
                "Cập nhật cơ sở dữ liệu / Migrating the database (about a minute the first time)…"
            )
        call_command("migrate", interactive=False, verbosity=verbosity)
        if verbosity:
            self.stdout.write("Nạp dữ liệu tham chiếu / Loading reference data…")
        with acting_as(None, reason="khuyencong setup"):
            for label, load in app_hooks("reference"):
                summary = load()
                if verbosity:
                    self.stdout.write(f"{label}: {summary}")
        if demo:
            if verbosity:
                self.stdout.write("Nạp dữ liệu demo / Loading demo data…")
            with acting_as(None, reason="khuyencong setup --demo"):
                for label, load in app_hooks("demo"):
                    summary = load()
                    if verbosity:
                        self.stdout.write(f"{label} demo: {summary}")
        self.stdout.write(self.style.SUCCESS("OK"))
