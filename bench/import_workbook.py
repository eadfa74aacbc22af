"""Benchmark of the whole import (reading + validation against the database): rows/s and peak memory.

Builds a provincial-style đề án workbook (title rows, header, (1)(2)(3) row, text numbers, mixed province
spellings) with --rows rows (default 50,000), sets up a fresh SQLite database in a temporary directory
(`khuyencong setup`: migrations and reference data), then runs `khuyencong import FILE --dry-run` in a
child process and measures its wall time and peak resident memory. Prints one JSON line.
Run: .venv/bin/python bench/import_workbook.py [--rows N] [--keep]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from khuyencong.imports.tests.workbooks import large_workbook_file  # noqa: E402

KHUYENCONG = [sys.executable, "-m", "khuyencong"]
# Runs the command and reports its own peak resident memory on stderr (not that of `setup`).
MEASURED = (
    "import resource, runpy, sys\n"
    "try:\n"
    "    runpy.run_module('khuyencong', run_name='__main__')\n"
    "finally:\n"
    "    sys.stderr.write('PEAK_KB=%d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kc-bench-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "KHUYENCONG_DATA_DIR": tmp,
            "SECRET_KEY": "bench-only",
        }
        path = Path(tmp) / "de-an.xlsx"
        started = time.perf_counter()
        large_workbook_file(path, args.rows)
        build_s = time.perf_counter() - started
        subprocess.run([*KHUYENCONG, "setup"], env=env, check=True, capture_output=True, cwd=ROOT)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", MEASURED, "import", str(path), "--dry-run", "--format", "json"],
            env=env,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        elapsed = time.perf_counter() - started
        peaks = [line for line in done.stderr.splitlines() if line.startswith("PEAK_KB=")]
        peak_kb = int(peaks[-1].split("=")[1]) if peaks else 0  # Linux: kilobytes
        result = json.loads(done.stdout) if done.stdout.strip().startswith("{") else {}
        print(
            json.dumps(
                {
                    "bench": "import_workbook --dry-run",
                    "rows": args.rows,
                    "file_mb": round(path.stat().st_size / 2**20, 2),
                    "build_s": round(build_s, 2),
                    "import_s": round(elapsed, 2),
                    "rows_per_s": round(args.rows / elapsed) if elapsed else None,
                    "peak_rss_mb": round(peak_kb / 1024, 1),
                    "exit_code": done.returncode,
                    "ok": result.get("ok"),
                    "counted_rows": result.get("rows"),
                }
            )
        )


if __name__ == "__main__":
    main()
