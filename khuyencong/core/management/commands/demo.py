import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Set up the embedded SQLite database with demo data, then serve on http://127.0.0.1:8000 with a "
        "background worker (imports, long exports, report files)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-serve", action="store_true", help="set up only")

    def handle(self, *args, port, host, no_serve, **options):
        if not settings.DEBUG:
            raise CommandError("Chạy demo cần DEBUG=1. / The demo needs DEBUG=1.")
        call_command("setup", demo=True, verbosity=options["verbosity"])
        if no_serve:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"\nkhuyencong: http://{host}:{port}/  —  đăng nhập / sign in: lamdong, hanoi, trunguong, "
                "nhadautu, ctv; mật khẩu / password: khuyencong-demo\n"
            )
        )
        # The background jobs (imports, long exports, report files) need the worker production runs as its
        # own service (docs/deploy.md); the demo starts it beside the server and stops it with it.
        worker = subprocess.Popen([sys.executable, "-m", "khuyencong", "db_worker", "--no-reload"])
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
