"""bench/run.py load measure: gunicorn on loopback over the bench database, locust headless."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from measure_common import PASSWORD, ROOT, VENV_BIN, free_port, log

# -- load ----------------------------------------------------------------------------------------------


def measure_load(env, seconds, users_count, tmp):
    port = free_port()
    # The production settings of docs/deploy.md ("gunicorn"): one process per core, threads to overlap
    # database waits, gthread workers; only the bind address and log level differ.
    workers = str(max(2, (os.cpu_count() or 2)))
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "khuyencong.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            "gthread",
            "--workers",
            workers,
            "--threads",
            "4",
            "--backlog",
            "256",
            "--keep-alive",
            "5",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.2)
        prefix = Path(tmp) / "locust"
        done = subprocess.run(
            [
                str(VENV_BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(users_count),
                "--spawn-rate",
                "10",
                "--run-time",
                f"{seconds}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**env, "BENCH_PASSWORD": PASSWORD},
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        stats = Path(f"{prefix}_stats.csv")
        if not stats.exists():
            log(f"locust produced no statistics: {done.stderr[-2000:]}")
            return {"load_rps": 0, "load_p99_ms": None, "load_errors": None}
        import csv

        with open(stats, newline="") as handle:
            rows = {row["Name"]: row for row in csv.DictReader(handle)}
        total = rows["Aggregated"]
        failures = Path(f"{prefix}_failures.csv")
        if failures.exists() and int(total["Failure Count"]):
            log("load failures:\n" + failures.read_text()[:3000])
        return {
            "load_rps": round(float(total["Requests/s"]), 1),
            "load_p99_ms": float(total["99%"]),
            "load_p50_ms": float(total["50%"]),
            "load_errors": int(total["Failure Count"]),
            "load_requests": int(total["Request Count"]),
            "load_users": users_count,
            "load_seconds": seconds,
        }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
