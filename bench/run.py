"""`make bench`: the national-scale benchmark suite (issue #8). See docs/performance.md.

1. Builds a throw-away database: a SQLite file under var/bench/, or, when DATABASE_URL names a PostgreSQL
   database, that database dropped and created anew (its name must not be `khuyencong` nor start with
   `test_`; the dev database is never touched). `khuyencong setup` then `khuyencong gendata --scale S`.
2. Measures, each against its baseline on the same machine and database, medians of --reps repetitions:
   - list_page_ratio_vs_sql: server time of the filtered đề án and cluster list pages (50 rows, sorted,
     the columns shown), as a province officer and as central, through the Django test client ÷ one
     hand-written SQL query returning the same rows and columns (and the count the page shows);
   - dashboard_ratio_vs_sql: the promotion and cluster report builds (khuyencong/reports/) for a province
     and nationally, and the dashboard of khuyencong/reports/dashboard.py when it exists ÷ hand-written
     SQL aggregates of the same figures;
   - max_queries_per_page: the most SQL queries of any main list/detail page or API list;
   - import_rows_per_s and import_peak_rss_mb: a 50,000-row workbook through `khuyencong import` in a
     child process (peak resident memory from getrusage);
   - export_ratio_vs_xlsxwriter: the facility list's `?export=xlsx` of 100,000 rows ÷ the same rows
     fetched with one SQL query and written with xlsxwriter directly;
   - load_rps, load_p99_ms, load_errors: gunicorn on loopback over the bench database, locust headless,
     50 users for --load-seconds (≥ 60), mixed read/write.
3. Prints a table, writes bench/results/<db>-<timestamp>.json, and prints ONE JSON line last.

Run: .venv/bin/python bench/run.py [--scale 1] [--seed 42] [--reps 5] [--only list,dashboard,...]
"""

import argparse
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
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlparse

from throwaway import throwaway_database  # bench/throwaway.py (this folder is on sys.path)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VENV_BIN = Path(sys.executable).parent
PASSWORD = "khuyencong-bench"  # only ever set in the throw-away bench database
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
    """Planner statistics after the bulk load, as a production database has them (PostgreSQL's autovacuum
    would run ANALYZE on its own a little later; SQLite only ever has them after an ANALYZE)."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
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


# -- list pages ----------------------------------------------------------------------------------------


PROJECT_SQL = """
SELECT p.id, p.code, p.title, p.level, p.plan_year, prov.name, org.short_name, org.name, p.status,
       p.state_support_vnd, p.end_date, COUNT(*) OVER () AS total
FROM programs_project p
JOIN geography_adminunit prov ON prov.id = p.province_id
LEFT JOIN accounts_organisation org ON org.id = p.executing_unit_id
WHERE p.level = %s AND p.status = %s {scope}
ORDER BY p.plan_year DESC, p.code ASC
LIMIT 50
"""
CLUSTER_SQL = """
SELECT c.id, c.code, c.name, c.is_legacy, prov.name, c.status, c.status_override, c.planned_area_ha,
       inv.name, c.investor_kind,
       (SELECT l.occupancy_pct FROM clusters_landrecord l WHERE l.cluster_id = c.id
        ORDER BY l.period_end DESC, l.id DESC LIMIT 1) AS occupancy,
       EXISTS (SELECT 1 FROM clusters_infrastructureitem i WHERE i.cluster_id = c.id
               AND i.kind = 'wastewater' AND i.state = 'operating') AS wastewater,
       (SELECT GROUP_CONCAT_PLACEHOLDER FROM clusters_cluster_communes cc
        JOIN geography_adminunit u ON u.id = cc.adminunit_id WHERE cc.cluster_id = c.id) AS communes,
       COUNT(*) OVER () AS total
FROM clusters_cluster c
JOIN geography_adminunit prov ON prov.id = c.province_id
LEFT JOIN accounts_organisation inv ON inv.id = c.investor_id
WHERE c.status = %s {scope}
ORDER BY prov.code ASC, c.search_text ASC, c.id ASC
LIMIT 50
"""


def group_concat():
    from django.db import connection

    return "string_agg(u.name, ', ')" if connection.vendor == "postgresql" else "group_concat(u.name, ', ')"


def measure_lists(users, province_ids, reps):
    """[(case, page seconds, sql seconds, ratio)] for the đề án and cluster lists, officer and central."""
    cases = []
    for username, user in users.items():
        scoped = username != "bench-central"
        client = client_for(user)
        scope_ids = in_list(province_ids) if scoped else None
        # đề án: local plans, in progress, newest plan year first (the list's own order), 50 a page.
        scope = f"AND p.province_id IN ({scope_ids[0]})" if scoped else ""
        sql = PROJECT_SQL.format(scope=scope)
        params = ["local", "settled", *(scope_ids[1] if scoped else [])]
        page = median_time(lambda c=client: get_ok(c, "/programs/?level=local&status=settled"), reps)
        base = median_time(lambda s=sql, p=params: run_sql(s, p), reps)
        cases.append((f"đề án list ({username})", page, base))
        scope = f"AND c.province_id IN ({scope_ids[0]})" if scoped else ""
        sql = CLUSTER_SQL.format(scope=scope).replace("GROUP_CONCAT_PLACEHOLDER", group_concat())
        params = ["operating", *(scope_ids[1] if scoped else [])]
        page = median_time(lambda c=client: get_ok(c, "/clusters/?status=operating"), reps)
        base = median_time(lambda s=sql, p=params: run_sql(s, p), reps)
        cases.append((f"cluster list ({username})", page, base))
    return [(name, page, base, page / base) for name, page, base in cases]


# -- reports and dashboards ---------------------------------------------------------------------------

PROMOTION_SQL = """
SELECT level, COUNT(*),
       SUM(CASE WHEN status = 'stopped' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'stop_requested' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status <> 'stopped' THEN state_support_vnd ELSE 0 END),
       SUM(state_support_vnd)
FROM programs_project
WHERE province_id IN ({ids}) AND plan_year BETWEEN %s AND %s AND status IN ({states})
GROUP BY level
"""
CLUSTER_REPORT_SQL = """
WITH d AS (
  SELECT c.id, c.investor_kind,
    MAX(CASE WHEN d.kind IN ('plan_inclusion', 'plan_adjustment') THEN d.area_ha END) AS planned,
    MAX(CASE WHEN d.kind IN ('establishment', 'expansion', 'adjustment') THEN d.area_ha END) AS established,
    MAX(CASE WHEN d.kind = 'detailed_plan' THEN d.area_ha END) AS detailed,
    MAX(CASE WHEN d.kind = 'operation' THEN 1 ELSE 0 END) AS operating,
    MAX(CASE WHEN d.kind IN ('establishment', 'expansion', 'adjustment') THEN 1 ELSE 0 END) AS is_est,
    MAX(CASE WHEN d.kind = 'detailed_plan' THEN 1 ELSE 0 END) AS is_dp
  FROM clusters_cluster c LEFT JOIN clusters_clusterdecision d ON d.cluster_id = c.id AND d.issued_on <= %s
  WHERE c.province_id IN ({ids})
  GROUP BY c.id, c.investor_kind
), land AS (
  SELECT l.cluster_id, l.industrial_land_ha, l.leased_ha,
         ROW_NUMBER() OVER (PARTITION BY l.cluster_id ORDER BY l.period_end DESC) AS n
  FROM clusters_landrecord l JOIN clusters_cluster c ON c.id = l.cluster_id
  WHERE l.period_end <= %s AND c.province_id IN ({ids})
)
SELECT COUNT(*), SUM(planned), SUM(is_est), SUM(established), SUM(is_dp), SUM(detailed), SUM(operating),
       SUM(CASE WHEN investor_kind = 'enterprise' THEN 1 ELSE 0 END),
       SUM(CASE WHEN investor_kind = 'public_unit' THEN 1 ELSE 0 END),
       (SELECT SUM(industrial_land_ha) FROM land WHERE n = 1), (SELECT SUM(leased_ha) FROM land WHERE n = 1)
FROM d
"""


def measure_dashboards(users, lamdong, reps):
    from khuyencong.geography.models import AdminUnit
    from khuyencong.programs.choices import APPROVED_STATES
    from khuyencong.reports import cluster_report, promotion_report
    from khuyencong.reports.common import ReportArea

    today = date.today()
    province = ReportArea.resolve(lamdong.code, today)
    nation = ReportArea(
        lamdong,
        today,
        frozenset(AdminUnit.objects.filter(level="province").values_list("pk", flat=True)),
    )
    states = sorted(APPROVED_STATES)
    cases = []
    for label, area in (("Lâm Đồng", province), ("national", nation)):
        ids, id_params = in_list(area.province_ids)
        state_marks = ", ".join(["%s"] * len(states))
        sql = PROMOTION_SQL.format(ids=ids, states=state_marks)
        params = [*id_params, 2010, 2026, *states]
        built = median_time(lambda a=area: promotion_report.build(a, from_year=2010, to_year=2026), reps)
        base = median_time(lambda s=sql, p=params: run_sql(s, p), reps)
        cases.append((f"promotion report ({label})", built, base))
        sql = CLUSTER_REPORT_SQL.format(ids=ids)
        params = [today, *id_params, today, *id_params]
        built = median_time(lambda a=area: cluster_report.build(a, as_of=today), max(1, reps // 2))
        base = median_time(lambda s=sql, p=params: run_sql(s, p), reps)
        cases.append((f"cluster report ({label})", built, base))
    dashboard = dashboard_case(users, province, nation, reps)
    cases.extend(dashboard)
    return [(name, built, base, built / base) for name, built, base in cases]


def dashboard_case(users, province, nation, reps):
    """The dashboard page of khuyencong/reports/dashboard.py (another helper's work), if it is there."""
    from importlib import util

    if util.find_spec("khuyencong.reports.dashboard") is None:
        log("dashboard: khuyencong/reports/dashboard.py not present; not measured")
        return []
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("reports:dashboard")
    except NoReverseMatch:
        log("dashboard: no URL named reports:dashboard; not measured")
        return []
    ids, id_params = in_list(nation.province_ids)
    sql = (
        "SELECT province_id, level, plan_year, status, COUNT(*), SUM(state_support_vnd) "
        f"FROM programs_project WHERE province_id IN ({ids}) GROUP BY province_id, level, plan_year, status"
    )
    cluster_sql = (
        "SELECT province_id, status, COUNT(*), SUM(planned_area_ha) FROM clusters_cluster "
        f"WHERE province_id IN ({ids}) GROUP BY province_id, status"
    )
    cases = []
    for username, user in users.items():
        client = client_for(user)
        page = median_time(lambda c=client: get_ok(c, url), reps)
        base = median_time(lambda: (run_sql(sql, id_params), run_sql(cluster_sql, id_params)), reps)
        cases.append((f"dashboard ({username})", page, base))
    return cases


# -- queries per page --------------------------------------------------------------------------------


def measure_queries(users):
    """{url: queries} for every main list and detail page and every API list, as officer and central."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from khuyencong.clusters.models import Cluster, TenantProject
    from khuyencong.facilities.models import Facility
    from khuyencong.programs.models import Plan, Project

    found = {}
    for username, user in users.items():
        client = client_for(user)
        pages = [
            "/",
            "/programs/",
            "/programs/?level=local&status=settled",
            "/programs/plans/",
            "/clusters/",
            "/clusters/?status=operating",
            "/facilities/",
            "/accounts/organisations/",
            "/reports/",
            "/api/v1/clusters/clusters/",
            "/api/v1/clusters/decisions/",
            "/api/v1/clusters/investors/",
            "/api/v1/clusters/tenants/",
            "/api/v1/facilities/",
            "/api/v1/programs/programmes/",
            "/api/v1/programs/plans/",
            "/api/v1/programs/projects/",
            "/api/v1/geography/units/",
        ]
        for model, pattern in (
            (Project, "/programs/{}/"),
            (Plan, "/programs/plans/{}/"),
            (Cluster, "/clusters/{}/"),
            (TenantProject, "/clusters/tenants/{}/"),
            (Facility, "/facilities/{}/"),
        ):
            obj = model.objects.visible_to(user).order_by("-pk").first()
            if obj is not None:
                pages.append(pattern.format(obj.pk))
        for url in pages:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} as {username} answered {response.status_code}")
            found[f"{url} ({username})"] = len(captured.captured_queries)
    return found


# -- import --------------------------------------------------------------------------------------------

MEASURED = (
    "import resource, runpy, sys\n"
    "try:\n"
    "    runpy.run_module('khuyencong', run_name='__main__')\n"
    "finally:\n"
    "    sys.stderr.write('PEAK_KB=%d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)


def measure_import(env, rows, tmp):
    sys.path.insert(0, str(ROOT))
    from khuyencong.imports.tests.workbooks import large_workbook_file

    path = Path(tmp) / "de-an-50000.xlsx"
    large_workbook_file(path, rows, province="Lâm Đồng", year=2026, prefix="BENCH")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, "import", str(path), "--user", "bench-lamdong", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    elapsed = time.perf_counter() - started
    peaks = [line for line in done.stderr.splitlines() if line.startswith("PEAK_KB=")]
    peak_kb = int(peaks[-1].split("=")[1]) if peaks else 0
    result = json.loads(done.stdout) if done.stdout.strip().startswith("{") else {}
    if done.returncode != 0 or not result.get("written"):
        log(f"import failed (exit {done.returncode}): {done.stdout[-2000:]} {done.stderr[-2000:]}")
        return {"import_rows_per_s": 0, "import_seconds": round(elapsed, 2), "import_ok": False}
    return {
        "import_rows_per_s": round(rows / elapsed),
        "import_seconds": round(elapsed, 2),
        "import_rows": rows,
        "import_file_mb": round(path.stat().st_size / 2**20, 2),
        "import_peak_rss_mb": round(peak_kb / 1024, 1),
        "import_ok": True,
    }


# -- export --------------------------------------------------------------------------------------------

FACILITY_EXPORT_SQL = """
SELECT f.name, f.kind, f.tax_code, prov.name, com.name, f.industry, f.workers, f.woman_owned,
       f.employs_ethnic_minorities
FROM facilities_facility f
JOIN geography_adminunit prov ON prov.id = f.province_id
LEFT JOIN geography_adminunit com ON com.id = f.commune_id
ORDER BY f.name, f.id
"""


def measure_export(users, reps, tmp):
    """(export seconds, baseline seconds, rows): the facility list's ?export=xlsx vs xlsxwriter."""
    import xlsxwriter

    from khuyencong.facilities.models import Facility

    user = users["bench-central"]
    rows = Facility.objects.count()
    client = client_for(user)

    def export():
        response = get_ok(client, "/facilities/?export=xlsx")
        return response

    def direct():
        target = Path(tmp) / "direct.xlsx"
        workbook = xlsxwriter.Workbook(str(target), {"constant_memory": True})
        sheet = workbook.add_worksheet("export")
        data = run_sql(FACILITY_EXPORT_SQL, [])
        for i, row in enumerate(data):
            sheet.write_row(i, 0, row)
        workbook.close()

    reps = max(1, min(reps, 3))
    page = median_time(export, reps, warmup=0)
    base = median_time(direct, reps, warmup=0)
    return page, base, rows


# -- load ----------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
            rows = measure_lists(users, province_ids, args.reps)
            details["list pages (page s, sql s, ratio)"] = [
                (n, f"{p * 1000:.1f} ms", f"{b * 1000:.2f} ms", f"{r:.1f}") for n, p, b, r in rows
            ]
            results["list_page_ratio_vs_sql"] = round(max(r for *_, r in rows), 2)
            results["list_page_ms"] = {n: round(p * 1000, 1) for n, p, _b, _r in rows}
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
            counts = measure_queries(users)
            worst = sorted(counts.items(), key=lambda item: -item[1])
            details["queries per page (most first)"] = worst[:12]
            results["max_queries_per_page"] = worst[0][1]
            results["queries_per_page"] = counts
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
