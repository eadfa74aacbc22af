"""bench/run.py measures of the list pages (vs hand-written SQL) and of the SQL queries per page."""

from measure_common import client_for, get_ok, in_list, median_time, run_sql

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
