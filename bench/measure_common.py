"""Shared helpers of the bench/run.py measures: paths, timing, the signed-in test client, raw SQL."""

import socket
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PASSWORD = "khuyencong-bench"  # only ever set in the throw-away bench database


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median_time(function, reps, warmup=1):
    for _ in range(warmup):
        function()
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def get_ok(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    if hasattr(response, "streaming_content"):
        for _ in response.streaming_content:
            pass
    else:
        response.content  # noqa: B018
    return response


def run_sql(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def in_list(ids):
    ids = sorted(ids)
    return ", ".join(["%s"] * len(ids)), ids


def free_port():
    """A free TCP port on the loopback interface (for gunicorn in the load and soak runs)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
