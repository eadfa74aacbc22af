"""bench/run.py measures of `khuyencong import` (rows/s, peak memory) and of the xlsx export."""

import json
import subprocess
import sys
import time
from pathlib import Path

from measure_common import ROOT, client_for, log, median_time, run_sql

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
    """(export seconds, baseline seconds, rows): the facility list's ?export=xlsx vs xlsxwriter.

    The export of a list this long is a background job: the measured time is the whole of it, the
    request that creates and queues the job through the list view, then its task run here synchronously
    (`run_output_job.call`, what `khuyencong db_worker` runs) up to the complete file in media storage."""
    import xlsxwriter
    from django.test import override_settings

    from khuyencong.facilities.models import Facility
    from khuyencong.imports.models import Job
    from khuyencong.imports.tasks import run_output_job

    user = users["bench-central"]
    rows = Facility.objects.count()
    client = client_for(user)

    def export():
        with override_settings(EXPORT_INLINE_ROWS=0):  # a job whatever the scale (100,000 rows at scale 1)
            response = client.get("/facilities/?export=xlsx")
        if response.status_code != 302:
            raise RuntimeError(f"GET /facilities/?export=xlsx answered {response.status_code}, not a job")
        job = Job.objects.filter(user=user).latest("pk")
        run_output_job.call(job.pk)
        job.refresh_from_db()
        if job.status != "succeeded" or job.total != rows or not job.output:
            raise RuntimeError(f"export job {job.pk}: {job.status} {job.total}/{rows} {job.messages}")
        job.output.delete()  # keep the bench's media folder small

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
