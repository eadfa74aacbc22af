"""Issue #18 (2): a catalogue row is a fact about the provincial plan, and reports never contradict
themselves; the reports built from an imported catalogue agree with the workbook's own column sums, for
the province and rolled up into its post-2025 successor."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command

from khuyencong.clusters.choices import ClusterStatus, DecisionKind
from khuyencong.clusters.models import Cluster
from khuyencong.imports.services import import_workbook
from khuyencong.reports import cluster_report, crosschecks, output
from khuyencong.reports.common import ReportArea

from .test_import_scope import workbook
from .workbooks import CLUSTER_HEADERS, REAL_PROJECTS, nfd, provincial_sheet, realistic_workbook

pytestmark = pytest.mark.django_db

HEADERS = ["STT", "Mã CCN", "Tên CCN", "Tỉnh", "Diện tích quy hoạch (ha)"]


def report(province, *args):
    out = StringIO()
    call_command("report", "clusters", "--province", province, *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_a_catalogue_row_with_a_planned_area_is_in_the_plan(personas, tmp_path):
    rows = [
        ["CCN-LD-11", "Cụm công nghiệp Đạ Huoai", "Lâm Đồng", "45,5"],
        ["CCN-LD-12", "Lộc Bắc", "Lâm Đồng", "30"],
    ]
    path = workbook(tmp_path / "danh-muc.xlsx", ("Cụm công nghiệp", HEADERS, rows))
    assert import_workbook(str(path), actor=personas.lamdong).ok
    assert set(Cluster.objects.values_list("status", flat=True)) == {ClusterStatus.PLANNED}
    data = report("Lâm Đồng")
    assert (data["planned"]["count"], data["planned"]["area_ha"]) == (2, 75.5)
    assert "chưa có cụm công nghiệp nào trong quy hoạch" not in cluster_report.to_text(data)
    # No raw code reaches a report: every status and investor kind is a label.
    for _title, _headers, table, _totals in output.cluster_tables(data):
        for line in table:
            assert not {"planned", "no_record", "none"} & {str(cell) for cell in line}, line
    # The missing plan decision is a finding of the cross-checks, naming the clusters.
    findings = list(crosschecks.run(ReportArea.resolve("Lâm Đồng", date.today()), personas.lamdong))
    missing = [f for f in findings if f.rule == "plan_decision_missing"]
    assert len(missing) == 2 and "Đạ Huoai" in missing[0].message + missing[1].message


def test_the_plan_decision_is_recorded_when_the_sheet_gives_it(personas, tmp_path):
    headers = [*HEADERS, "Số QĐ quy hoạch", "Ngày QĐ quy hoạch"]
    rows = [["CCN-LD-13", "Tân Hà", "Lâm Đồng", "50", "1757/QĐ-TTg", "31/12/2023"]]
    path = workbook(tmp_path / "danh-muc.xlsx", ("Cụm công nghiệp", headers, rows))
    result = import_workbook(str(path), actor=personas.lamdong)
    assert result.ok, result.errors()
    cluster = Cluster.objects.get(code="CCN-LD-13")
    (decision,) = cluster.decisions.all()
    assert (decision.kind, decision.number, decision.issued_on, decision.area_ha) == (
        DecisionKind.PLAN_INCLUSION,
        "1757/QĐ-TTg",
        date(2023, 12, 31),
        Decimal("50.00"),
    )
    assert cluster.status == ClusterStatus.PLANNED
    area = ReportArea.resolve("Lâm Đồng", date.today())
    assert not [f for f in crosschecks.run(area, personas.lamdong) if f.rule == "plan_decision_missing"]


def test_a_cluster_with_a_later_legal_step_counts_as_planned(personas, tmp_path):
    """Established without a recorded plan decision or planned area: planned, with its established area."""
    row = ["CCN-LD-14", "Đông Hà", "Lâm Đồng", None, "12/QĐ-UBND", "01/03/2024", "40"]
    path = workbook(tmp_path / "ccn.xlsx", ("Cụm công nghiệp", CLUSTER_HEADERS[:8], [row]))
    assert import_workbook(str(path), actor=personas.lamdong).ok
    data = report("Lâm Đồng")
    assert (data["planned"]["count"], data["planned"]["area_ha"]) == (1, 40.0)
    assert (data["established"]["count"], data["established"]["area_ha"]) == (1, 40.0)


MESSY_CLUSTERS = [
    # code, name, province, planned, est no, est date, est area, dp no, dp date, dp area, investor, kind,
    # industrial land, leased, wastewater, note
    ["DN-01", nfd("Cụm công nghiệp Thuận An"), "tỉnh Đắk Nông", "50", "1234/QĐ-UBND", "15/03/2019", "50"]
    + ["88/QĐ-UBND", "20/06/2020", "50", "Trung tâm Phát triển hạ tầng CCN", "Đơn vị sự nghiệp công lập"]
    + ["35", "20,5", "Có", None],
    ["DN-02", "CCN BMC", "DAK NONG", "75", "567/QĐ-UBND", "ngày 1 tháng 8 năm 2021", "39,61", None, None]
    + [None, "Công ty Cổ phần BMC", "doanh nghiệp", "30", "12", "đang xây dựng", None],
    ["DN-03", "Nhân Cơ", "Đắk Nông", "60", None, None, None, None, None, None, None, None, None, None]
    + ["Không", None],
    ["DN-04", "Quảng Tín", "ĐẮK NÔNG", 45.25, None, None, None, None, None, None, None, None, None, None]
    + [None, "danh mục quy hoạch"],
]


def test_reports_from_an_imported_catalogue_agree_with_the_workbooks_sums(personas, ref, tmp_path):
    book = openpyxl.Workbook()
    book.remove(book.active)
    planned_sum = "230,25"  # 50 + 75 + 60 + 45,25
    provincial_sheet(book, "Danh sách CCN", CLUSTER_HEADERS, MESSY_CLUSTERS, total=[None] * 3 + [planned_sum])
    projects = realistic_workbook()
    for title in projects.sheetnames:  # the đề án and establishment sheets of the realistic file
        source, target = projects[title], book.create_sheet(title)
        for line in source.iter_rows(values_only=True):
            target.append(line)
    path = tmp_path / "dak-nong.xlsx"
    book.save(path)
    result = import_workbook(str(path), actor=personas.lamdong)
    assert result.ok, result.errors()

    rows = MESSY_CLUSTERS
    planned = sum(Decimal(str(r[3]).replace(",", ".")) for r in rows)
    established = [r for r in rows if r[4]]
    established_area = sum(Decimal(r[6].replace(",", ".")) for r in established)
    land = sum(Decimal(r[12]) for r in rows if r[12])
    leased = sum(Decimal(r[13].replace(",", ".")) for r in rows if r[13])
    today = date.today().isoformat()
    for province in ("Đắk Nông", "Lâm Đồng"):  # the former province and its successor agree
        data = report(province, "--as-of", today)
        assert (data["planned"]["count"], data["planned"]["area_ha"]) == (len(rows), float(planned)), province
        assert data["established"]["count"] == len(established)
        assert data["established"]["area_ha"] == float(established_area)
        assert (data["industrial_land_ha"], data["leased_ha"]) == (float(land), float(leased))
        assert "chưa có cụm công nghiệp nào trong quy hoạch" not in cluster_report.to_text(data)

    # The promotion report: the đề án sheet's support column, by level, for both areas.
    def promotion(province):
        out = StringIO()
        call_command(
            "report", "promotion", "--province", province, "--from-year", "2022", "--to-year", "2023",
            "--boundaries", date.today().isoformat(), "--format", "json", stdout=out,
        )  # fmt: skip
        return json.loads(out.getvalue())

    def million(text):
        return (
            Decimal(str(text).replace(".", "").replace(",", ".")) if isinstance(text, str) else Decimal(text)
        )

    carried = {"national": Decimal(0), "local": Decimal(0)}
    for r in REAL_PROJECTS:
        if r[3] in (2022, 2023, "2022", "2023") and r[10] != "Đã dừng":
            level = "national" if r[2] in ("Quốc gia", "KCQG", "quoc gia") else "local"
            carried[level] += million(r[8])
    for province in ("Đắk Nông", "Lâm Đồng"):
        data = promotion(province)
        for level in ("national", "local"):
            assert Decimal(str(data[level]["support_million_vnd"])) == carried[level], (province, level)
