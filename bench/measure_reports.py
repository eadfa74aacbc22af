"""bench/run.py measures of the report builds and the dashboard (vs hand-written SQL aggregates)."""

from datetime import date

from measure_common import client_for, get_ok, in_list, log, median_time, run_sql

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
    """The dashboard page (khuyencong.reports.dashboard), when the app provides it."""
    from importlib import util

    if util.find_spec("khuyencong.reports.dashboard") is None:
        log("dashboard: khuyencong.reports.dashboard not present; not measured")
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
