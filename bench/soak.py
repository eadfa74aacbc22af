"""`make soak`: a bounded load run on loopback — zero errors and flat memory (issue #9, item 9).

1. Builds a throw-away database with the demo data (`khuyencong setup --demo`, run with DEBUG on as the
   demo requires): a SQLite file under var/soak/, or, when DATABASE_URL names a PostgreSQL database, that
   database dropped and created anew (its name must contain "soak"; the dev database is never touched).
   Both are removed afterwards unless --keep.
2. Starts gunicorn on 127.0.0.1 (a free port, DEBUG off, OTP off) and runs locust headless with
   bench/soak_locustfile.py: --users (20) demo personas, mixed reads and writes, for --seconds (600, or
   SOAK_SECONDS).
3. Every --interval seconds (30; shortened so that a short run still gets at least six samples) reads the
   resident memory (VmRSS) of each gunicorn worker from /proc and their sum.
4. Verdict: errors = locust failures + worker restarts; memory is flat when the mean summed RSS of the
   last third of the samples is at most --max-growth-pct (10 %) above the mean of the first third. The
   samples of the first --warmup seconds (60, at most a fifth of the run: workers import modules, compile
   templates and fill their caches on their first requests) are recorded but left out of the verdict.
   Prints a table, writes var/soak/soak-<db>-<timestamp>.json, prints ONE JSON line last, and exits 1
   if there was any error or the memory was not flat.

Run: .venv/bin/python bench/soak.py [--seconds 600] [--users 20] [--interval 30] [--keep]
Linux only (reads /proc).
"""

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from measure_common import free_port  # bench/ is on sys.path: these are its sibling modules
from throwaway import throwaway_database

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "soak"
VENV_BIN = Path(sys.executable).parent
LOCUSTFILE = ROOT / "bench" / "soak_locustfile.py"


def log(message):
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def soak_database(stamp):
    """(DATABASE_URL of the throw-away database, kind, cleanup function): see bench/throwaway.py."""
    return throwaway_database("soak", stamp, OUT)


def worker_pids(master):
    """Pids of the processes whose parent is `master` (gunicorn's workers)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may contain spaces, so split after the last ")".
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == master:
            pids.append(int(entry.name))
    return sorted(pids)


def rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def province_ids(env):
    """{"lamdong": id, "hanoi": id}: the provinces the demo officers may write in."""
    script = (
        "import json, django; django.setup();"
        "from khuyencong.accounts.models import RoleAssignment as R;"
        "print(json.dumps({u: R.objects.filter(user__username=u).values_list('province_id', flat=True)[0]"
        " for u in ('lamdong', 'hanoi')}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "khuyencong.settings"},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def start_server(env, port, workers):
    return subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "khuyencong.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--timeout",
            "60",
            # Longer than the users' think time: a connection kept alive is never closed under a request.
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )


def wait_for(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not listen on 127.0.0.1:{port} within {seconds} s")


def memory_verdict(samples, max_growth_pct):
    """(first-third mean MB, last-third mean MB, growth %, flat?) of the summed worker RSS samples."""
    totals = [s["total_mb"] for s in samples]
    third = max(1, len(totals) // 3)
    first, last = statistics.mean(totals[:third]), statistics.mean(totals[-third:])
    growth = (last - first) / first * 100 if first else 0.0
    return round(first, 1), round(last, 1), round(growth, 1), growth <= max_growth_pct


def read_stats(prefix):
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        return None, {}
    with open(stats, newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    return rows.pop("Aggregated", None), rows


def main():
    parser = argparse.ArgumentParser(description="khuyencong soak run (docs/operations.md, 'Soak')")
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS", 600)))
    parser.add_argument("--users", type=int, default=int(os.environ.get("SOAK_USERS", 20)))
    parser.add_argument("--interval", type=float, default=30.0, help="seconds between memory samples")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--warmup", type=float, default=60.0, help="seconds of warm-up left out of the memory verdict"
    )
    parser.add_argument("--max-growth-pct", type=float, default=10.0)
    parser.add_argument("--keep", action="store_true", help="keep the soak database afterwards")
    args = parser.parse_args()
    if not Path("/proc/self/status").exists():
        raise SystemExit("the soak run reads worker memory from /proc (Linux)")
    interval = max(1.0, min(args.interval, args.seconds / 6))
    warmup = min(args.warmup, args.seconds / 5)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    url, kind, cleanup = soak_database(stamp)
    tmp = tempfile.mkdtemp(prefix="kc-soak-")
    (Path(tmp) / "static").mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "KHUYENCONG_DATA_DIR": tmp,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "soak-only-secret-key-not-for-production"),
        "OTP_REQUIRED": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": str(ROOT),
    }
    server = None
    results = {
        "database": kind,
        "users": args.users,
        "seconds": args.seconds,
        "interval_s": interval,
        "warmup_s": warmup,
    }
    try:
        log(f"database: {kind}; khuyencong setup --demo")
        subprocess.run(
            [sys.executable, "-m", "khuyencong", "setup", "--demo", "-v", "0"],
            env={**env, "DEBUG": "1"},
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        env["DEBUG"] = "0"
        env["SOAK_PROVINCES"] = json.dumps(province_ids(env))
        port = free_port()
        server = start_server(env, port, args.workers)
        wait_for(port)
        workers = worker_pids(server.pid)
        log(f"gunicorn on 127.0.0.1:{port}, workers {workers}; locust: {args.users} users, {args.seconds} s")
        prefix = Path(tmp) / "locust"
        locust = subprocess.Popen(
            [
                str(VENV_BIN / "locust"),
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                "5",
                "--run-time",
                f"{args.seconds}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        samples, started, seen = [], time.monotonic(), set(workers)
        next_sample = started + interval
        while locust.poll() is None:
            time.sleep(0.5)
            now = time.monotonic()
            if now < next_sample:
                continue
            next_sample += interval
            pids = worker_pids(server.pid)
            seen.update(pids)
            per_worker = {pid: rss_mb(pid) for pid in pids}
            per_worker = {pid: round(mb, 1) for pid, mb in per_worker.items() if mb is not None}
            sample = {
                "t_s": round(now - started),
                "workers": per_worker,
                "total_mb": round(sum(per_worker.values()), 1),
                "warmup": now - started < warmup,
            }
            samples.append(sample)
            note = " (warm-up)" if sample["warmup"] else ""
            log(f"t={sample['t_s']:>4} s  workers RSS {per_worker}  total {sample['total_mb']} MB{note}")
        output = locust.stdout.read()
        total, rows = read_stats(prefix)
        if total is None:
            log("locust produced no statistics:\n" + output[-3000:])
            raise SystemExit(1)
        failures = int(total["Failure Count"])
        restarts = len(seen) - len(workers)
        if failures:
            failed = Path(f"{prefix}_failures.csv")
            log("failures:\n" + (failed.read_text()[:4000] if failed.exists() else output[-3000:]))
        steady = [s for s in samples if not s["warmup"]] or samples
        first, last, growth, flat = memory_verdict(steady, args.max_growth_pct) if steady else (0, 0, 0, 0)
        writes = sum(
            int(r["Request Count"]) for name, r in rows.items() if name.split()[0] in {"POST", "PATCH"}
        )
        results.update(
            requests=int(total["Request Count"]),
            writes=writes,
            errors=failures + restarts,
            failures=failures,
            worker_restarts=restarts,
            rps=round(float(total["Requests/s"]), 1),
            p50_ms=float(total["50%"]),
            p95_ms=float(total["95%"]),
            p99_ms=float(total["99%"]),
            max_ms=round(float(total["Max Response Time"])),
            rss_first_third_mb=first,
            rss_last_third_mb=last,
            rss_growth_pct=growth,
            rss_max_growth_pct=args.max_growth_pct,
            memory_flat=bool(flat),
            samples=samples,
        )
        lines = [
            f"{'requests':24} {results['requests']} ({writes} writes), {results['rps']} req/s",
            f"{'latency ms':24} p50 {results['p50_ms']:.0f}, p95 {results['p95_ms']:.0f}, "
            f"p99 {results['p99_ms']:.0f}, max {results['max_ms']}",
            f"{'errors':24} {results['errors']} (failures {failures}, worker restarts {restarts})",
            f"{'workers RSS (sum)':24} first third {first} MB, last third {last} MB, growth {growth} % "
            f"(bound {args.max_growth_pct} %): {'flat' if flat else 'NOT FLAT'}",
        ]
        print("\n".join(lines))
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / f"soak-{kind}-{stamp}.json"
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
        log(f"results written to {path.relative_to(ROOT)}")
        print(json.dumps({k: v for k, v in results.items() if k != "samples"}, ensure_ascii=False))
        return 0 if results["errors"] == 0 and flat else 1
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
        if not args.keep:
            cleanup()


if __name__ == "__main__":
    sys.exit(main())
