"""bench/run.py measures of the report builds and the dashboard (vs hand-written SQL aggregates)."""

from datetime import date
from decimal import Decimal

from measure_common import client_for, get_ok, in_list, log, median_time, run_sql
from sql_dashboard import (
    CLUSTER_REPORT_COLUMNS,
    cluster_report_figures,
    cluster_report_query,
    dashboard_queries,
    run_dashboard_sql,
)

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
        check_promotion_report(
            label, promotion_report.build(area, from_year=2010, to_year=2026), run_sql(sql, params)
        )
        built = median_time(lambda a=area: promotion_report.build(a, from_year=2010, to_year=2026), reps)
        base = median_time(lambda s=sql, p=params: run_sql(s, p), reps)
        cases.append((f"promotion report ({label})", built, base))
        sql, params = cluster_report_query(area.province_ids, today)
        check_cluster_report(label, cluster_report.build(area, as_of=today), run_sql(sql, params)[0])
        built = median_time(lambda a=area: cluster_report.build(a, as_of=today), reps)
        base = median_time(lambda s=sql, p=params: run_sql(s, p), reps)
        cases.append((f"cluster report ({label})", built, base))
    dashboard = dashboard_case(users, province, nation, reps)
    cases.extend(dashboard)
    return [(name, built, base, built / base) for name, built, base in cases]


class BaselineMismatch(AssertionError):
    """The hand-written SQL no longer computes the figures the application shows: fix one or the other."""


def _same(a, b):
    """Counts exactly, hectares and money to the cent (SQLite sums decimals as floats)."""
    a, b = Decimal(str(a or 0)), Decimal(str(b or 0))
    return abs(a - b) <= Decimal("0.011")


def _compare(what, expected, found):
    wrong = {key: (expected.get(key), found.get(key)) for key in expected.keys() | found.keys()}
    wrong = {key: pair for key, pair in wrong.items() if not _same(*pair)}
    if wrong:
        for key, (app, sql) in sorted(wrong.items(), key=str):
            log(f"BASELINE MISMATCH {what} {key}: application {app} != SQL {sql}")
        raise BaselineMismatch(
            f"{what}: the SQL baseline differs from the application on {sorted(wrong, key=str)}"
        )


def check_promotion_report(label, data, rows):
    expected, found = {}, {}
    for level, approved, stopped, pending, support, approved_support in rows:
        found.update(
            {(level, "approved"): approved, (level, "stopped"): stopped, (level, "pending"): pending}
        )
        found.update(
            {
                (level, "support"): support / 1_000_000,
                (level, "approved_support"): approved_support / 1_000_000,
            }
        )
    for level in ("national", "local"):
        figures = data[level]
        if figures["approved"] or (level, "approved") in found:
            expected.update(
                {
                    (level, "approved"): figures["approved"],
                    (level, "stopped"): figures["stopped"],
                    (level, "pending"): figures["stop_requests_pending"],
                    (level, "support"): figures["support_million_vnd"],
                    (level, "approved_support"): figures["approved_support_million_vnd"],
                }
            )
    _compare(f"promotion report ({label})", expected, found)


def check_cluster_report(label, data, row):
    _compare(
        f"cluster report ({label})",
        cluster_report_figures(data),
        dict(zip(CLUSTER_REPORT_COLUMNS, row, strict=True)),
    )
    log(f"cluster report ({label}): SQL baseline agrees ({data['planned']['count']} planned clusters)")


def dashboard_case(users, province, nation, reps):
    """The dashboard page (khuyencong.reports.dashboard) ÷ bench/sql_dashboard.py, as each user."""
    from datetime import date

    from django.urls import reverse

    from khuyencong.reports import dashboard

    url = reverse("reports:dashboard")
    cases = []
    for username, user in users.items():
        today = date.today()
        area = dashboard.resolve_area(user)
        ids = None if area.national else area.report_area.province_ids
        queries = dashboard_queries(ids, today, area.boundaries, area.national)
        check_dashboard(username, dashboard.build(area, user), run_dashboard_sql(queries))
        client = client_for(user)
        page = median_time(lambda c=client: get_ok(c, url), reps)
        base = median_time(lambda q=queries: run_dashboard_sql(q), reps)
        cases.append((f"dashboard ({username})", page, base))
    return cases


def check_dashboard(username, data, sql):
    """The key totals of the page (`data`, what the view renders) against the hand-written SQL (`sql`)."""
    from khuyencong.reports.dashboard import DISBURSED_KINDS

    clusters, promotion = data["clusters"], data["promotion"]
    by_status, area = {}, Decimal(0)
    for _province, status, count, hectares in sql["clusters_by_status"]:
        by_status[status] = by_status.get(status, 0) + count
        area += Decimal(str(hectares or 0))
    app = {row["status"]: row["count"] for row in clusters["by_status"]}
    _compare(f"dashboard ({username}) clusters by status", app, by_status)
    (land,) = sql["occupancy_and_wastewater"]
    occupancy, water = clusters["occupancy"], clusters["wastewater"]
    _compare(
        f"dashboard ({username}) clusters",
        {
            "total": clusters["total"],
            "with_land": occupancy["with_land"],
            "industrial_ha": occupancy["industrial_ha"],
            "leased_ha": occupancy["leased_ha"],
            "operating": water["operating"],
            "operating_with_plant": water["with_plant"],
            "any_plant": water["any_plant"],
            **{row["key"]: row["count"] for row in occupancy["buckets"]},
        },
        {
            "total": sum(by_status.values()),
            **dict(
                zip(
                    (
                        "with_land",
                        "industrial_ha",
                        "leased_ha",
                        "operating",
                        "operating_with_plant",
                        "any_plant",
                    ),
                    land,
                    strict=False,
                )
            ),
            **dict(zip(("lt25", "25to50", "50to75", "75up"), land[6:], strict=True)),
        },
    )
    if abs(clusters["area_ha"] - area) > Decimal("0.01") * max(1, len(by_status)):
        raise BaselineMismatch(f"dashboard ({username}): cluster area {clusters['area_ha']} != SQL {area}")
    _compare(
        f"dashboard ({username}) tenants",
        {row["status"]: row["count"] for row in clusters["tenants"]["by_status"]},
        {status: count for status, count, _w, _l in sql["tenants_by_status"]},
    )
    _compare(
        f"dashboard ({username}) đề án by status",
        {
            **{row["status"]: row["count"] for row in promotion["by_status"]},
            **{f"{row['status']} support": row["support_vnd"] for row in promotion["by_status"]},
        },
        {
            **{status: count for status, count, _s in sql["projects_by_status"]},
            **{f"{status} support": support for status, _c, support in sql["projects_by_status"]},
        },
    )
    _compare(
        f"dashboard ({username}) đề án by category",
        {row["id"]: row["count"] for row in promotion["by_category"]},
        {category: count for category, _n, _name, count, _s in sql["projects_by_category"]},
    )
    years = {}
    for year, count, approved, support in sql["projects_by_year"]:
        years.update({(year, "count"): count, (year, "approved"): approved, (year, "support"): support})
    for year, kind, total in sql["payments_by_year"]:
        key = (year, "disbursed" if kind in DISBURSED_KINDS else "settled")
        years[key] = years.get(key, 0) + total
    for year, budget, plans in sql["plans_by_year"]:
        years.update({(year, "budget"): budget, (year, "plans"): plans})
    app = {}
    for row in promotion["by_year"]:
        for key, field in (
            ("count", "count"),
            ("approved", "approved"),
            ("support", "support_vnd"),
            ("disbursed", "disbursed_vnd"),
            ("settled", "settled_vnd"),
            ("budget", "budget_vnd"),
            ("plans", "plans"),
        ):
            if row[field] or (row["year"], key) in years:
                app[(row["year"], key)] = row[field]
    _compare(f"dashboard ({username}) money by plan year", app, years)
    ((total, stopped, stop_requested, adjustment_requested, adjusted, overdue),) = sql[
        "stops_adjustments_overdue"
    ]
    _compare(
        f"dashboard ({username}) đề án",
        {
            "total": promotion["total"],
            "overdue": promotion["overdue"]["count"],
            "overdue rows": len(promotion["overdue"]["rows"]),
            **{row["key"]: row["count"] for row in promotion["stops"]},
        },
        {
            "total": total,
            "overdue": overdue,
            "overdue rows": len(sql["overdue_rows"]),
            "stopped": stopped,
            "stop_requested": stop_requested,
            "adjustment_requested": adjustment_requested,
            "adjusted": adjusted,
        },
    )
    if [row["pk"] for row in promotion["overdue"]["rows"]] != [row[0] for row in sql["overdue_rows"]]:
        raise BaselineMismatch(f"dashboard ({username}): the overdue rows differ")
    coverage = data["collaborators"]
    if coverage is not None:
        ((communes, covered),) = sql["collaborator_coverage"]
        ((collaborators, facilities, surveys, _last),) = sql["collaborators_facilities_surveys"]
        _compare(
            f"dashboard ({username}) collaborators",
            {k: coverage[k] for k in ("communes", "covered", "collaborators", "facilities", "surveys")},
            {
                "communes": communes,
                "covered": covered,
                "collaborators": collaborators,
                "facilities": facilities,
                "surveys": surveys,
            },
        )
    recommendations = data["recommendations"]
    if recommendations is not None:
        rows = sql["recommendations"]
        _compare(
            f"dashboard ({username}) recommendations",
            {
                "overdue": recommendations["overdue"],
                **{r["status"]: r["count"] for r in recommendations["by_status"]},
            },
            {
                "overdue": sum(row[2] for row in rows),
                **{r["status"]: 0 for r in recommendations["by_status"]},
                **{
                    status: count
                    for status, count, _o in rows
                    if status in {"open", "in_progress", "answered"}
                },
            },
        )
    if data["provinces"] is not None:
        _compare(
            f"dashboard ({username}) by province",
            {
                "clusters": sum(row["clusters"] for row in data["provinces"]),
                "projects": sum(row["projects"] for row in data["provinces"]),
                "support": sum(row["support_vnd"] for row in data["provinces"]),
                "overdue": sum(row["overdue"] for row in data["provinces"]),
            },
            {
                "clusters": sum(by_status.values()),
                "projects": sum(row[1] for row in sql["projects_by_province"]),
                "support": sum(row[2] or 0 for row in sql["projects_by_province"]),
                "overdue": sum(row[3] for row in sql["projects_by_province"]),
            },
        )
    if [point["id"] for point in data["points"]] != [row[0] for row in sql["map_points"]]:
        raise BaselineMismatch(f"dashboard ({username}): the map points differ")
    log(
        f"dashboard ({username}): SQL baseline agrees ({clusters['total']} clusters, "
        f"{promotion['total']} đề án, {len(data['points'])} map points)"
    )
