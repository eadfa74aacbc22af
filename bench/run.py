"""`make bench`: the national-scale benchmark suite (issue #8). See docs/performance.md.

1. Builds a throw-away database: a SQLite file under var/bench/, or, when DATABASE_URL names a PostgreSQL
   database, that database dropped and created anew (its name must not be `khuyencong` nor start with
   `test_`; the dev database is never touched). `khuyencong setup` then `khuyencong gendata --scale S`.
2. Measures, each against its baseline on the same machine and database, medians of --reps repetitions:
   - list_page_ratio_vs_sql: server time of the filtered đề án and cluster list pages (50 rows, sorted,
     the columns shown), as a province officer and as central, through the Django test client ÷ one
     hand-written SQL query returning the same rows and columns (and the count the page shows);
   - dashboard_ratio_vs_sql: the promotion and cluster report builds (khuyencong/reports/) for a province
     and nationally, and the dashboard (khuyencong.reports.dashboard) ÷ hand-written SQL of every one of
     the same figures (bench/sql_dashboard.py), checked against the application's totals first;
   - max_queries_per_page: the most SQL queries of any main list/detail page or API list;
   - import_rows_per_s and import_peak_rss_mb: a 50,000-row workbook through `khuyencong import` in a
     child process (peak resident memory from getrusage);
   - export_ratio_vs_xlsxwriter: the facility list's `?export=xlsx` of 100,000 rows (a background job,
     timed from the request that queues it to the finished file) ÷ the same rows fetched with one SQL
     query and written with xlsxwriter directly;
   - load_rps, load_p99_ms, load_errors: gunicorn on loopback over the bench database, locust headless,
     50 users for --load-seconds (≥ 60), mixed read/write.
3. Prints a table, writes bench/results/<db>-<timestamp>.json, and prints ONE JSON line last.

Run: .venv/bin/python bench/run.py [--scale 1] [--seed 42] [--reps 5] [--only list,dashboard,...]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

# bench/ is on sys.path when run as `python bench/run.py`: its siblings import as top-level modules.
from measure_common import PASSWORD, ROOT, log
from measure_import_export import measure_export, measure_import
from measure_load import measure_load
from measure_pages import measure_lists, measure_queries
from measure_reports import measure_dashboards
from throwaway import throwaway_database  # bench/throwaway.py (this folder is on sys.path)

RESULTS = ROOT / "bench" / "results"
KEYS = [
    "list_page_ratio_vs_sql",
    "dashboard_ratio_vs_sql",
    "max_queries_per_page",
    "import_rows_per_s",
    "export_ratio_vs_xlsxwriter",
    "load_rps",
    "load_p99_ms",
    "load_errors",
]
TARGETS = {
    "list_page_ratio_vs_sql": ("<=", 3),
    "dashboard_ratio_vs_sql": ("<=", 3),
    "max_queries_per_page": ("<=", 12),
    "import_rows_per_s": (">=", 5000),
    "export_ratio_vs_xlsxwriter": ("<=", 2),
    "load_errors": ("<=", 0),
    "load_p99_ms": ("<=", 500),
}
PARTS = ["list", "dashboard", "queries", "import", "export", "load"]


# -- the throw-away database -------------------------------------------------------------------------


def bench_database(stamp):
    """(DATABASE_URL of the throw-away database, kind, cleanup function): see bench/throwaway.py."""
    return throwaway_database("bench", stamp, ROOT / "var" / "bench")


def khuyencong(*args, env, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "khuyencong", *args], env=env, cwd=ROOT, check=True, **kwargs
    )


# -- users and fixtures in the bench database ----------------------------------------------------------


def analyze():
    """Planner statistics after the bulk load, as a production database has them. On PostgreSQL a VACUUM
    too, which autovacuum would have run on a production server long ago (the servers of our machines run
    with autovacuum off): without it the measures' first reads of each page set its rows' hint bits and
    the index-only scans have no visibility map. SQLite only ever has statistics after an ANALYZE."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")
    log(f"analyze: {time.perf_counter() - started:.1f} s")


def make_users():
    from django.apps import apps

    from khuyencong.geography.models import AdminUnit

    User = apps.get_model("accounts", "User")  # noqa: N806
    Role = apps.get_model("accounts", "RoleAssignment")  # noqa: N806
    lamdong = AdminUnit.objects.get(level="province", scheme="2025", code="68")
    users = {}
    for username, role, province in (
        ("bench-central", "central", None),
        ("bench-lamdong", "province_officer", lamdong),
    ):
        user, _ = User.objects.get_or_create(username=username, defaults={"last_name": username})
        user.set_password(PASSWORD)
        user.save()
        Role.objects.get_or_create(user=user, role=role, province=province)
        users[username] = user
    return users, lamdong


# -- main ----------------------------------------------------------------------------------------------


def table(results, details):
    lines = [f"{'measure':32} {'value':>12}  target"]
    for key in KEYS:
        value = results.get(key)
        op, target = TARGETS.get(key, ("", ""))
        ok = ""
        if value is not None and op:
            ok = "ok" if (value <= target if op == "<=" else value >= target) else "MISSED"
        lines.append(f"{key:32} {value if value is not None else '—':>12}  {op} {target} {ok}")
    for name, rows in details.items():
        lines.append(f"\n{name}:")
        for row in rows:
            lines.append("  " + "  ".join(str(x) for x in row))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description="khuyencong benchmark suite (docs/performance.md)")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--load-users", type=int, default=50)
    parser.add_argument("--only", default=",".join(PARTS), help="comma-separated: " + ",".join(PARTS))
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    parser.add_argument(
        "--reuse", default=None, help="SQLite file already generated (copied; setup and gendata skipped)"
    )
    args = parser.parse_args()
    parts = set(args.only.split(","))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    started = time.perf_counter()
    url, kind, cleanup = bench_database(stamp)
    if args.reuse:
        if kind != "sqlite":
            raise SystemExit("--reuse takes a SQLite file")
        shutil.copyfile(args.reuse, urlparse(url).path)
    tmp = tempfile.mkdtemp(prefix="kc-bench-")
    (Path(tmp) / "static").mkdir()  # the data dir's static/ (whitenoise warns when it is missing)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "KHUYENCONG_DATA_DIR": tmp,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-not-for-production"),
        "DEBUG": "0",
        "OTP_REQUIRED": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "PYTHONPATH": str(ROOT),
        # docs/deploy.md: with PostgreSQL each thread keeps its connection (as the SQL baselines do)
        **({"CONN_MAX_AGE": "60"} if kind == "postgresql" else {}),
    }
    results, details = {"database": kind, "scale": args.scale, "seed": args.seed}, {}
    try:
        if not args.reuse:
            log(f"database: {kind}; setup")
            khuyencong("setup", "-v", "0", env=env, stdout=subprocess.DEVNULL)
            gen_started = time.perf_counter()
            khuyencong(
                "gendata",
                "--scale",
                str(args.scale),
                "--seed",
                str(args.seed),
                env=env,
                stdout=subprocess.DEVNULL,
            )
            results["gendata_seconds"] = round(time.perf_counter() - gen_started, 1)
            log(f"gendata: {results['gendata_seconds']} s")

        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "khuyencong.settings"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.conf import settings

        settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
        if not args.reuse:
            analyze()
        users, lamdong = make_users()
        province_ids = lamdong.all_predecessor_ids()

        if "list" in parts:
            rows, against_admin = measure_lists(users, province_ids, args.reps)
            details["list pages (page s, sql s, ratio, rows, ratio of the signed-in home page)"] = [
                (n, f"{p * 1000:.1f} ms", f"{b * 1000:.2f} ms", f"{r:.1f}", k, f"{f:.1f}")
                for n, p, b, r, k, f in rows
            ]
            results["list_page_ratio_vs_sql"] = round(max(r for _n, _p, _b, r, _k, _f in rows), 2)
            results["list_page_ms"] = {n: round(p * 1000, 1) for n, p, *_ in rows}
            # the lowest ratio a page could reach: the signed-in home page (no list) ÷ the same SQL
            results["list_page_floor_ratio"] = {n: round(f, 1) for n, *_, f in rows}
            details["list pages vs the Django admin's changelist (page s, admin s, ratio)"] = [
                (n, f"{p * 1000:.1f} ms", f"{b * 1000:.1f} ms", f"{r:.2f}") for n, p, b, r in against_admin
            ]
            results["list_page_ratio_vs_admin"] = {n: round(r, 2) for n, *_, r in against_admin}
            log("list pages measured")
        if "dashboard" in parts:
            rows = measure_dashboards(users, lamdong, args.reps)
            details["reports (build s, sql s, ratio)"] = [
                (n, f"{p * 1000:.1f} ms", f"{b * 1000:.2f} ms", f"{r:.1f}") for n, p, b, r in rows
            ]
            results["dashboard_ratio_vs_sql"] = round(max(r for *_, r in rows), 2)
            results["dashboard_ms"] = {n: round(p * 1000, 1) for n, p, _b, _r in rows}
            log("reports measured")
        if "queries" in parts:
            counts, sizes = measure_queries(users)
            worst = sorted(counts.items(), key=lambda item: -item[1])
            details["queries per page (most first)"] = worst[:12]
            details["page size, KB (largest first)"] = sorted(sizes.items(), key=lambda item: -item[1])[:8]
            results["max_queries_per_page"] = worst[0][1]
            results["queries_per_page"] = counts
            results["max_page_kb"] = max(sizes.values())
            log("queries counted")
        if "import" in parts:
            from django.db import connections

            connections.close_all()
            results.update(measure_import(env, args.import_rows, tmp))
            log(f"import: {results.get('import_rows_per_s')} rows/s")
        if "export" in parts:
            page, base, rows = measure_export(users, args.reps, tmp)
            results["export_ratio_vs_xlsxwriter"] = round(page / base, 2)
            results["export_rows"] = rows
            results["export_seconds"] = round(page, 2)
            results["export_xlsxwriter_seconds"] = round(base, 2)
            log(f"export: {page:.1f} s vs {base:.1f} s")
        if "load" in parts:
            from django.db import connections

            connections.close_all()
            results.update(measure_load(env, max(args.load_seconds, 1), args.load_users, tmp))
            log(f"load: {results.get('load_rps')} req/s, p99 {results.get('load_p99_ms')} ms")
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # Django was never set up
            pass
        shutil.rmtree(tmp, ignore_errors=True)
        if not args.keep:
            cleanup()
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{kind}-{stamp}.json"
    out.write_text(json.dumps({**results, "details": details}, ensure_ascii=False, indent=2, default=str))
    print(table(results, details))
    print(f"written: {out.relative_to(ROOT)}")
    print(json.dumps({key: results.get(key) for key in KEYS}))


if __name__ == "__main__":
    main()
