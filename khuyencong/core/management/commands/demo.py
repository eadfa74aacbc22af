import signal
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
        run_with_worker(
            lambda: call_command("runserver", f"{host}:{port}", use_reloader=False),
            [sys.executable, "-m", "khuyencong", "db_worker", "--no-reload"],
        )


def run_with_worker(serve, worker_command):
    """Start `worker_command`, then call `serve()`; however serving ends (it returns, Ctrl-C, or SIGTERM,
    which by default would end this process without running any cleanup) the worker is stopped too."""
    worker = subprocess.Popen(worker_command)

    def terminated(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        serve()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop(worker)


def stop(process, timeout=10):
    """Ask `process` to end (SIGTERM), and kill it if it has not within `timeout` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
