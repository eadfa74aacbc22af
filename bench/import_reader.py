"""Benchmark of the streaming import reader: rows per second and peak Python memory.

Generates a provincial-style workbook (title rows, header, (1)(2)(3) row, text numbers and dates,
a total row) with --rows data rows (default 50,000) in a temporary directory, then reads it with
`SheetReader` twice: once timed without tracing, once under tracemalloc for the peak allocation.
Prints one JSON line. Run: .venv/bin/python bench/import_reader.py [--rows N]
"""

import argparse
import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl  # noqa: E402

from khuyencong.core.importing import (  # noqa: E402
    PROVINCE_PREFIXES,
    Column,
    SheetReader,
    choice_parser,
    parse_vn_date,
    parse_vn_decimal,
    parse_vn_int,
)

SHEET = "Cụm công nghiệp"
COLUMNS = [
    Column("code", ["Mã CCN"], required=True),
    Column("name", ["Tên CCN"], required=True),
    Column("province", ["Tỉnh"], choice_parser({"67": ["Đắk Nông"], "68": ["Lâm Đồng"]}, PROVINCE_PREFIXES)),
    Column("commune", ["Xã/Phường"]),
    Column("area", ["Diện tích quy hoạch (ha)"], parse_vn_decimal, required=True),
    Column("decision", ["Số QĐ thành lập"]),
    Column("founded", ["Ngày QĐ thành lập"], parse_vn_date),
    Column("leased", ["Diện tích đất công nghiệp đã cho thuê (ha)"], parse_vn_decimal),
    Column("investor", ["Chủ đầu tư hạ tầng"]),
    Column(
        "wwtp",
        ["Trạm XLNT tập trung"],
        choice_parser({"yes": ["Có"], "no": ["Không"], "building": ["Đang xây dựng"]}),
    ),
    Column("firms", ["Số doanh nghiệp"], parse_vn_int),
    Column("note", ["Ghi chú"]),
]
WWTP = ["Có", "KHÔNG", "đang xây dựng"]
PROVINCES = ["Tỉnh Đắk Nông", "LÂM ĐỒNG", "dak nong"]


def build(path, rows):
    """Write the workbook in openpyxl write_only mode: streamed, with shared strings as Excel does."""
    workbook = openpyxl.Workbook(write_only=True)
    ws = workbook.create_sheet(SHEET)
    ws.append(["SỞ CÔNG THƯƠNG"])
    ws.append(["DANH SÁCH CỤM CÔNG NGHIỆP"])
    ws.append([])
    ws.append(["STT", *(c.label for c in COLUMNS)])
    ws.append([f"({i})" for i in range(1, len(COLUMNS) + 2)])
    for i in range(rows):
        ws.append(
            [
                i + 1,
                f"CCN-{i:06d}",
                f"Cụm công nghiệp số {i}",
                PROVINCES[i % 3],
                "Xã Nhân Cơ",
                "1.250,5" if i % 2 else 89.61,
                f"{i}/QĐ-UBND",
                f"{1 + i % 28}/{1 + i % 12}/2020",
                "12,25",
                "Công ty Cổ phần Đầu tư Hạ tầng",
                WWTP[i % 3],
                "1.200",
                None,
            ]
        )
    ws.append(["Tổng cộng"])
    workbook.save(path)


def read(path):
    with SheetReader(path) as reader:
        count = sum(1 for _ in reader.rows(SHEET, COLUMNS))
        return count, reader.report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.xlsx")
        started = time.perf_counter()
        build(path, args.rows)
        build_seconds = time.perf_counter() - started

        started = time.perf_counter()
        count, report = read(path)
        seconds = time.perf_counter() - started
        assert count == args.rows and report.ok, report.lines()[:5]

        tracemalloc.start()
        read(path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result = {
            "bench": "import_reader",
            "rows": count,
            "columns": len(COLUMNS) + 1,
            "file_bytes": os.path.getsize(path),
            "build_seconds": round(build_seconds, 2),
            "read_seconds": round(seconds, 2),
            "rows_per_second": round(count / seconds),
            "peak_traced_mib": round(peak / (1024 * 1024), 2),
            "python": sys.version.split()[0],
        }
        print(json.dumps(result))


if __name__ == "__main__":
    main()
