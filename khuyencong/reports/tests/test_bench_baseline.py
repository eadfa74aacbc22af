"""The hand-written SQL of the benchmark (bench/sql_dashboard.py) computes the figures the application shows:
the cluster report's totals as of several days and the dashboard's, as central and as a province officer.
`bench/run.py` checks the same on the national dataset before it times anything."""

import sys
from datetime import date
from pathlib import Path

import pytest

from khuyencong.accounts.models import User
from khuyencong.reports import cluster_report, dashboard, promotion_report
from khuyencong.reports.common import ReportArea

BENCH = Path(__file__).resolve().parents[3] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))  # bench/run.py runs with its folder on the path

from measure_common import in_list, run_sql  # noqa: E402
from measure_reports import (  # noqa: E402
    PROMOTION_SQL,
    check_cluster_report,
    check_dashboard,
    check_promotion_report,
)
from sql_dashboard import cluster_report_query, dashboard_queries, run_dashboard_sql  # noqa: E402

pytestmark = pytest.mark.django_db


def test_baselines_agree_with_the_reports_and_the_dashboard(demo):
    """One database of demo data for all (the demo setup is the slow part)."""
    from khuyencong.programs.choices import APPROVED_STATES

    for day in (date(2019, 12, 31), date(2025, 5, 16), date.today()):
        for name in ("Đắk Nông", "Lâm Đồng", "VN"):
            area = ReportArea.resolve(name, day)
            sql, params = cluster_report_query(area.province_ids, day)
            check_cluster_report(name, cluster_report.build(area, as_of=day), run_sql(sql, params)[0])
    states = sorted(APPROVED_STATES)
    for name in ("Lâm Đồng", "VN"):
        area = ReportArea.resolve(name, date.today())
        ids, id_params = in_list(area.province_ids)
        sql = PROMOTION_SQL.format(ids=ids, states=", ".join(["%s"] * len(states)))
        data = promotion_report.build(area, from_year=2010, to_year=2030)
        check_promotion_report(name, data, run_sql(sql, [*id_params, 2010, 2030, *states]))
    for username in ("trunguong", "lamdong"):
        user = User.objects.get(username=username)
        area = dashboard.resolve_area(user)
        ids = None if area.national else area.report_area.province_ids
        queries = dashboard_queries(ids, date.today(), area.boundaries, area.national)
        check_dashboard(username, dashboard.build(area, user), run_dashboard_sql(queries))
