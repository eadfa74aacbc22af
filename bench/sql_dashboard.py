"""Hand-written SQL baselines of `dashboard_ratio_vs_sql` (bench/measure_reports.py): the same figures as
`reports.cluster_report.build` and the dashboard page (`reports.dashboard.build`), for the same user scope.

Valid on SQLite and PostgreSQL alike (window functions, CASE instead of FILTER). `{scope}` is replaced by
`AND <alias>.province_id IN (%s, …)` for a province officer (the province and its predecessors: the same
rows as `visible_to` and the dashboard's area) and by nothing for the central agency. The rules are those of
`clusters.services.state_as_of` and the dashboard's definitions, written out in SQL here on purpose: this is
the yardstick, not the application (the application keeps one copy of the rules, in clusters/services.py).
The kind lists come from `clusters.choices`, so a new decision kind cannot silently drift.
"""

from khuyencong.clusters.choices import AREA_SETTING_KINDS, MILESTONE, PLAN_KINDS, ClusterStatus, DecisionKind
from khuyencong.programs.choices import APPROVED_STATES, OPEN_STATES


def _quoted(values):
    return ", ".join(f"'{value}'" for value in sorted(str(v) for v in values))


PLAN = _quoted(PLAN_KINDS)
PLAN_OR_REMOVAL = _quoted({*PLAN_KINDS, DecisionKind.PLAN_REMOVAL})
# Legal steps after the plan: a cluster with one is in the plan even without a plan decision.
LATER = _quoted({kind for kind, step in MILESTONE.items() if step != ClusterStatus.PLANNED})
AREA_SETTING = _quoted(AREA_SETTING_KINDS)
LEGAL = _quoted({DecisionKind.ESTABLISHMENT, DecisionKind.REVOCATION})
APPROVED = _quoted(APPROVED_STATES)
OPEN = _quoted(OPEN_STATES)

# -- the cluster report (reports/cluster_report.py) as of a date ---------------------------------------
# Each cluster's state from its decisions dated on or before the day (services.state_as_of): in the plan
# when its last plan/removal decision is not a removal, or without any when it took a later legal step,
# with the area of its newest plan decision that has one (else the planned area typed on the cluster, else
# its established or detailed-plan area); established when its last establishment/revocation is
# an establishment, with the area of the newest area-setting decision since that establishment; a detailed
# plan or operation counts unless revoked or removed; the investor kind on the day from the assignment rows
# (the cluster's own without any); the newest land record on or before the day of established clusters.
# Parameters: the province ids, then the day four times (cluster_report_query()).
CLUSTER_REPORT_SQL = f"""
WITH c AS (
  SELECT c.id, c.planned_area_ha, c.investor_kind FROM clusters_cluster c WHERE c.province_id IN ({{ids}})
), flagged AS (
  SELECT cluster_id, id, kind, issued_on, area_ha,
    CASE WHEN kind IN ({PLAN_OR_REMOVAL}) THEN 1 ELSE 0 END AS is_plan,
    CASE WHEN kind IN ({PLAN}) AND area_ha IS NOT NULL THEN 1 ELSE 0 END AS is_plan_area,
    CASE WHEN kind IN ({LEGAL}) THEN 1 ELSE 0 END AS is_legal,
    CASE WHEN kind IN ({AREA_SETTING}) AND area_ha IS NOT NULL AND issued_on >= legal_on THEN 1 ELSE 0 END
      AS is_est_area,
    CASE WHEN kind = 'detailed_plan' AND area_ha IS NOT NULL THEN 1 ELSE 0 END AS is_dp_area
  FROM (
    SELECT d.cluster_id, d.id, d.kind, d.issued_on, d.area_ha,
           MAX(CASE WHEN d.kind IN ({LEGAL}) THEN d.issued_on END)
             OVER (PARTITION BY d.cluster_id) AS legal_on
    FROM clusters_clusterdecision d
    WHERE d.issued_on <= %s AND d.cluster_id IN (SELECT id FROM c)
  ) x
), ranked AS (
  SELECT cluster_id, kind, area_ha, is_plan, is_plan_area, is_legal, is_est_area, is_dp_area,
    ROW_NUMBER() OVER (PARTITION BY cluster_id, is_plan ORDER BY issued_on DESC, id DESC) AS n_plan,
    ROW_NUMBER() OVER (PARTITION BY cluster_id, is_plan_area ORDER BY issued_on DESC, id DESC) AS n_plan_area,
    ROW_NUMBER() OVER (PARTITION BY cluster_id, is_legal ORDER BY issued_on DESC, id DESC) AS n_legal,
    ROW_NUMBER() OVER (PARTITION BY cluster_id, is_est_area ORDER BY issued_on DESC, id DESC) AS n_est_area,
    ROW_NUMBER() OVER (PARTITION BY cluster_id, is_dp_area ORDER BY issued_on DESC, id DESC) AS n_dp_area
  FROM flagged
), decided AS (
  SELECT cluster_id,
    MAX(CASE WHEN is_plan = 1 AND n_plan = 1 THEN kind END) AS plan_kind,
    MAX(CASE WHEN is_plan_area = 1 AND n_plan_area = 1 THEN area_ha END) AS plan_area,
    MAX(CASE WHEN is_legal = 1 AND n_legal = 1 THEN kind END) AS legal_kind,
    MAX(CASE WHEN is_est_area = 1 AND n_est_area = 1 THEN area_ha END) AS est_area,
    MAX(CASE WHEN is_dp_area = 1 AND n_dp_area = 1 THEN area_ha END) AS dp_area,
    MAX(CASE WHEN kind = 'detailed_plan' THEN 1 ELSE 0 END) AS dp,
    MAX(CASE WHEN kind = 'operation' THEN 1 ELSE 0 END) AS op,
    MAX(CASE WHEN kind IN ({LATER}) THEN 1 ELSE 0 END) AS later
  FROM ranked GROUP BY cluster_id
), investors AS (
  SELECT cluster_id, COUNT(*) AS n, MAX(CASE WHEN covers = 1 AND n_cover = 1 THEN kind END) AS kind FROM (
    SELECT cluster_id, kind, covers,
           ROW_NUMBER() OVER (PARTITION BY cluster_id, covers ORDER BY since DESC, id DESC) AS n_cover
    FROM (
      SELECT a.cluster_id, a.id, a.kind, a.since,
             CASE WHEN a.since <= %s AND (a.until IS NULL OR a.until >= %s) THEN 1 ELSE 0 END AS covers
      FROM clusters_clusterinvestorassignment a WHERE a.cluster_id IN (SELECT id FROM c)
    ) y
  ) z GROUP BY cluster_id
), land AS (
  SELECT cluster_id, MAX(CASE WHEN n = 1 THEN industrial_land_ha END) AS industrial_land_ha,
         MAX(CASE WHEN n = 1 THEN leased_ha END) AS leased_ha
  FROM (
    SELECT l.cluster_id, l.industrial_land_ha, l.leased_ha,
           ROW_NUMBER() OVER (PARTITION BY l.cluster_id ORDER BY l.period_end DESC, l.id DESC) AS n
    FROM clusters_landrecord l WHERE l.period_end <= %s AND l.cluster_id IN (SELECT id FROM c)
  ) w GROUP BY cluster_id
), s AS (
  SELECT c.id,
    CASE WHEN d.plan_kind IN ({PLAN}) OR (d.plan_kind IS NULL AND d.later = 1) THEN 1 ELSE 0 END AS in_plan,
    CASE WHEN d.plan_kind = 'plan_removal' OR d.legal_kind = 'revocation' THEN 1 ELSE 0 END AS stopped,
    CASE WHEN d.legal_kind = 'establishment' THEN 1 ELSE 0 END AS established,
    CASE WHEN d.plan_kind IN ({PLAN}) OR (d.plan_kind IS NULL AND d.later = 1) THEN COALESCE(
      d.plan_area, c.planned_area_ha, CASE WHEN d.legal_kind = 'establishment' THEN NULLIF(d.est_area, 0) END,
      CASE WHEN d.dp = 1 AND COALESCE(d.legal_kind, '') <> 'revocation' THEN d.dp_area END
    ) END AS planned_area,
    CASE WHEN d.legal_kind = 'establishment' THEN d.est_area END AS established_area,
    d.dp_area, COALESCE(d.dp, 0) AS dp, COALESCE(d.op, 0) AS op,
    CASE WHEN i.n IS NULL THEN c.investor_kind ELSE COALESCE(i.kind, 'none') END AS investor_kind,
    ld.industrial_land_ha, ld.leased_ha
  FROM c
  LEFT JOIN decided d ON d.cluster_id = c.id
  LEFT JOIN investors i ON i.cluster_id = c.id
  LEFT JOIN land ld ON ld.cluster_id = c.id
)
SELECT COUNT(*),
  SUM(in_plan), SUM(planned_area),
  SUM(established), SUM(established_area),
  SUM(CASE WHEN dp = 1 AND stopped = 0 THEN 1 ELSE 0 END),
  SUM(CASE WHEN dp = 1 AND stopped = 0 THEN dp_area END),
  SUM(CASE WHEN op = 1 AND stopped = 0 THEN 1 ELSE 0 END),
  SUM(CASE WHEN op = 1 AND stopped = 0 THEN COALESCE(NULLIF(established_area, 0), planned_area) END),
  SUM(CASE WHEN established = 1 THEN industrial_land_ha END),
  SUM(CASE WHEN established = 1 THEN leased_ha END),
  SUM(CASE WHEN dp = 1 AND stopped = 0 AND investor_kind = 'enterprise' THEN 1 ELSE 0 END),
  SUM(CASE WHEN dp = 1 AND stopped = 0 AND investor_kind = 'foreign_enterprise' THEN 1 ELSE 0 END),
  SUM(CASE WHEN dp = 1 AND stopped = 0 AND investor_kind = 'public_unit' THEN 1 ELSE 0 END),
  SUM(CASE WHEN dp = 1 AND stopped = 0 AND investor_kind = 'none' THEN 1 ELSE 0 END)
FROM s
"""
CLUSTER_REPORT_COLUMNS = (
    "count",
    "planned",
    "planned_ha",
    "established",
    "established_ha",
    "detailed",
    "detailed_ha",
    "operating",
    "operating_ha",
    "industrial_ha",
    "leased_ha",
    "dp_enterprise",
    "dp_foreign_enterprise",
    "dp_public_unit",
    "dp_none",
)


def cluster_report_query(province_ids, day):
    """(sql, params) of the cluster report's figures for these province ids as of `day`."""
    ids = sorted(province_ids)
    marks = ", ".join(["%s"] * len(ids))
    return CLUSTER_REPORT_SQL.format(ids=marks), [*ids, day, day, day, day]


def cluster_report_figures(data):
    """The same figures read from `cluster_report.build`'s output (for the check of the baseline)."""
    kinds = data["detailed_plan_approved"]["investor_kinds"]
    return {
        "count": len(data["clusters"]),
        "planned": data["planned"]["count"],
        "planned_ha": data["planned"]["area_ha"],
        "established": data["established"]["count"],
        "established_ha": data["established"]["area_ha"],
        "detailed": data["detailed_plan_approved"]["count"],
        "detailed_ha": data["detailed_plan_approved"]["area_ha"],
        "operating": data["operating"]["count"],
        "operating_ha": data["operating"]["area_ha"],
        "industrial_ha": data["industrial_land_ha"],
        "leased_ha": data["leased_ha"],
        **{
            f"dp_{kind}": kinds.get(kind, 0)
            for kind in ("enterprise", "foreign_enterprise", "public_unit", "none")
        },
    }


# -- the dashboard page (reports/dashboard/) ------------------------------------------------------------
# Every figure the page shows (default page: no ?year=), one statement per table or figure group.
# {scope_c}/{scope_p}/… limit to the officer's provinces; empty for central.

DASHBOARD_SQL = {
    # Clusters by province and effective status (the hand-set status of a legacy cluster, else the derived
    # one), with the area of the newest area-setting decision, else of the newest plan decision, else the
    # planned area typed on the cluster. Serves the status table, the totals and the by-province table.
    "clusters_by_status": f"""
WITH c AS (
  SELECT c.id, c.province_id, COALESCE(NULLIF(c.status_override, ''), c.status) AS effective,
         c.planned_area_ha
  FROM clusters_cluster c WHERE 1 = 1 {{scope_c}}
), ranked AS (
  SELECT d.cluster_id, d.area_ha, CASE WHEN d.kind IN ({AREA_SETTING}) THEN 1 ELSE 2 END AS grp,
    ROW_NUMBER() OVER (PARTITION BY d.cluster_id, CASE WHEN d.kind IN ({AREA_SETTING}) THEN 1 ELSE 2 END
                       ORDER BY d.issued_on DESC, d.id DESC) AS n
  FROM clusters_clusterdecision d JOIN c ON c.id = d.cluster_id
  WHERE d.area_ha IS NOT NULL AND d.kind IN ({_quoted({*AREA_SETTING_KINDS, *PLAN_KINDS})})
), areas AS (
  SELECT cluster_id, MAX(CASE WHEN grp = 1 THEN area_ha END) AS set_area,
         MAX(CASE WHEN grp = 2 THEN area_ha END) AS plan_area
  FROM ranked WHERE n = 1 GROUP BY cluster_id
)
SELECT c.province_id, c.effective, COUNT(*), SUM(COALESCE(a.set_area, a.plan_area, c.planned_area_ha))
FROM c LEFT JOIN areas a ON a.cluster_id = c.id
GROUP BY c.province_id, c.effective
""",
    # Occupancy (newest land record of each cluster), its buckets, wastewater plants of operating clusters.
    "occupancy_and_wastewater": """
WITH c AS (
  SELECT c.id, COALESCE(NULLIF(c.status_override, ''), c.status) AS effective
  FROM clusters_cluster c WHERE 1 = 1 {scope_c}
), land AS (
  SELECT cluster_id, occupancy_pct, industrial_land_ha, leased_ha FROM (
    SELECT l.cluster_id, l.occupancy_pct, l.industrial_land_ha, l.leased_ha,
           ROW_NUMBER() OVER (PARTITION BY l.cluster_id ORDER BY l.period_end DESC, l.id DESC) AS n
    FROM clusters_landrecord l JOIN c ON c.id = l.cluster_id) x WHERE n = 1
), plant AS (
  SELECT DISTINCT i.cluster_id FROM clusters_infrastructureitem i JOIN c ON c.id = i.cluster_id
  WHERE i.kind = 'wastewater' AND i.state = 'operating'
)
SELECT SUM(CASE WHEN land.occupancy_pct IS NOT NULL THEN 1 ELSE 0 END),
  SUM(land.industrial_land_ha), SUM(land.leased_ha),
  SUM(CASE WHEN c.effective = 'operating' THEN 1 ELSE 0 END),
  SUM(CASE WHEN c.effective = 'operating' AND plant.cluster_id IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN plant.cluster_id IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN land.occupancy_pct >= 0 AND land.occupancy_pct <= 24.99 THEN 1 ELSE 0 END),
  SUM(CASE WHEN land.occupancy_pct >= 25 AND land.occupancy_pct <= 49.99 THEN 1 ELSE 0 END),
  SUM(CASE WHEN land.occupancy_pct >= 50 AND land.occupancy_pct <= 74.99 THEN 1 ELSE 0 END),
  SUM(CASE WHEN land.occupancy_pct >= 75 AND land.occupancy_pct <= 100 THEN 1 ELSE 0 END)
FROM c LEFT JOIN land ON land.cluster_id = c.id LEFT JOIN plant ON plant.cluster_id = c.id
""",
    "tenants_by_status": """
SELECT t.status, COUNT(*), SUM(t.workers), SUM(t.leased_area_ha)
FROM clusters_tenantproject t JOIN clusters_cluster c ON c.id = t.cluster_id
WHERE 1 = 1 {scope_c} GROUP BY t.status
""",
    "projects_by_status": """
SELECT p.status, COUNT(*), SUM(p.state_support_vnd)
FROM programs_project p WHERE 1 = 1 {scope_p} GROUP BY p.status
""",
    "projects_by_category": f"""
SELECT g.category_id, cat.number, cat.name, g.n, g.support FROM (
  SELECT p.category_id, COUNT(*) AS n,
         SUM(CASE WHEN p.status IN ({APPROVED}) AND p.status <> 'stopped'
                  THEN p.state_support_vnd END) AS support
  FROM programs_project p WHERE 1 = 1 {{scope_p}} GROUP BY p.category_id
) g LEFT JOIN programs_contentcategory cat ON cat.id = g.category_id
ORDER BY cat.number, g.category_id
""",
    "projects_by_year": f"""
SELECT p.plan_year, COUNT(*), SUM(CASE WHEN p.status IN ({APPROVED}) THEN 1 ELSE 0 END),
  SUM(CASE WHEN p.status IN ({APPROVED}) AND p.status <> 'stopped' THEN p.state_support_vnd END)
FROM programs_project p WHERE 1 = 1 {{scope_p}} GROUP BY p.plan_year
""",
    "payments_by_year": """
SELECT p.plan_year, pay.kind, SUM(pay.amount_vnd)
FROM programs_payment pay JOIN programs_project p ON p.id = pay.project_id
WHERE 1 = 1 {scope_p} GROUP BY p.plan_year, pay.kind
""",
    "plans_by_year": """
SELECT p.year, SUM(p.budget_vnd), COUNT(*) FROM programs_plan p WHERE 1 = 1 {scope_p} GROUP BY p.year
""",
    "stops_adjustments_overdue": f"""
SELECT COUNT(*), SUM(CASE WHEN p.status = 'stopped' THEN 1 ELSE 0 END),
  SUM(CASE WHEN p.status = 'stop_requested' THEN 1 ELSE 0 END),
  SUM(CASE WHEN p.status = 'adjustment_requested' THEN 1 ELSE 0 END),
  SUM(CASE WHEN p.version_number > 1 THEN 1 ELSE 0 END),
  SUM(CASE WHEN p.status IN ({OPEN}) AND p.end_date < %(today)s THEN 1 ELSE 0 END)
FROM programs_project p WHERE 1 = 1 {{scope_p}}
""",
    "overdue_rows": f"""
SELECT p.id, p.code, p.title, p.end_date, p.status, u.name
FROM programs_project p JOIN geography_adminunit u ON u.id = p.province_id
WHERE p.status IN ({OPEN}) AND p.end_date < %(today)s {{scope_p}}
ORDER BY p.end_date, p.code LIMIT 10
""",
    "collaborator_coverage": """
WITH serving AS (
  SELECT DISTINCT cc.commune_id FROM surveys_collaboratorcommune cc
  JOIN surveys_collaborator col ON col.id = cc.collaborator_id
  WHERE cc.valid_from <= %(today)s AND (cc.valid_to IS NULL OR cc.valid_to >= %(today)s)
    AND col.active_from <= %(today)s AND (col.active_to IS NULL OR col.active_to >= %(today)s) {scope_col}
), covered AS (
  SELECT commune_id AS id FROM serving
  UNION
  SELECT s.successor_id FROM geography_succession s JOIN serving ON serving.commune_id = s.predecessor_id
)
SELECT COUNT(*), SUM(CASE WHEN covered.id IS NOT NULL THEN 1 ELSE 0 END)
FROM geography_adminunit u LEFT JOIN covered ON covered.id = u.id
WHERE u.level = 'commune' AND u.valid_from <= %(boundaries)s
  AND (u.valid_to IS NULL OR u.valid_to >= %(boundaries)s) {scope_u}
""",
    "collaborators_facilities_surveys": """
SELECT
  (SELECT COUNT(*) FROM surveys_collaborator col WHERE col.active_from <= %(today)s
     AND (col.active_to IS NULL OR col.active_to >= %(today)s) {scope_col}),
  (SELECT COUNT(*) FROM facilities_facility f WHERE 1 = 1 {scope_f}),
  (SELECT COUNT(*) FROM surveys_surveyresponse r WHERE 1 = 1 {scope_r}),
  (SELECT MAX(r.captured_at) FROM surveys_surveyresponse r WHERE 1 = 1 {scope_r})
""",
    "recommendations": """
SELECT r.status, COUNT(*), SUM(CASE WHEN r.status IN ('open', 'in_progress', 'answered')
  AND r.deadline < %(today)s THEN 1 ELSE 0 END)
FROM inspections_recommendation r WHERE 1 = 1 {scope_rec} GROUP BY r.status
""",
    "projects_by_province": f"""
SELECT p.province_id, COUNT(*),
  SUM(CASE WHEN p.status IN ({APPROVED}) AND p.status <> 'stopped' THEN p.state_support_vnd END),
  SUM(CASE WHEN p.status IN ({OPEN}) AND p.end_date < %(today)s THEN 1 ELSE 0 END)
FROM programs_project p WHERE 1 = 1 {{scope_p}} GROUP BY p.province_id
""",
    "map_points": """
SELECT c.id, c.name, c.latitude, c.longitude, COALESCE(NULLIF(c.status_override, ''), c.status)
FROM clusters_cluster c WHERE c.latitude IS NOT NULL AND c.longitude IS NOT NULL {scope_c}
ORDER BY c.id
""",
}
NATIONAL_ONLY = {"projects_by_province"}
SCOPES = {
    "scope_c": "c.province_id",
    "scope_p": "p.province_id",
    "scope_col": "col.province_id",
    "scope_u": "u.province_id",
    "scope_f": "f.province_id",
    "scope_r": "r.province_id",
    "scope_rec": "r.province_id",
}


def dashboard_queries(province_ids, today, boundaries, national):
    """[(name, sql, params)] of the dashboard's figures; province_ids None = everything (central)."""
    named = {"today": today, "boundaries": boundaries}
    if province_ids is None:
        fragments = {key: "" for key in SCOPES}
    else:
        ids = ", ".join(str(int(pk)) for pk in sorted(province_ids))  # integers from the database
        fragments = {key: f"AND {column} IN ({ids})" for key, column in SCOPES.items()}
    queries = []
    for name, sql in DASHBOARD_SQL.items():
        if name in NATIONAL_ONLY and not national:
            continue
        text = sql.format(**fragments)
        # Named parameters (%(today)s) where the statement has any; the DB-API wants a dict then.
        queries.append((name, text, named if "%(" in text else []))
    return queries


def run_dashboard_sql(queries):
    from django.db import connection

    results = {}
    with connection.cursor() as cursor:
        for name, sql, params in queries:
            cursor.execute(sql, params)
            results[name] = cursor.fetchall()
    return results
