"""bench/run.py measures of the list pages (vs hand-written SQL) and of the SQL queries per page."""

from measure_common import client_for, get_ok, in_list, median_time, run_sql
from pages import MAIN_PAGES

# -- list pages ----------------------------------------------------------------------------------------


PROJECT_SQL = """
SELECT p.id, p.code, p.title, p.level, p.plan_year, prov.name, org.short_name, org.name, p.status,
       p.state_support_vnd, p.end_date, COUNT(*) OVER () AS total
FROM programs_project p
JOIN geography_adminunit prov ON prov.id = p.province_id
LEFT JOIN accounts_organisation org ON org.id = p.executing_unit_id
WHERE {where} {scope}
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
WHERE {where} {scope}
ORDER BY prov.code ASC, c.search_text ASC, c.id ASC
LIMIT 50
"""


def group_concat():
    from django.db import connection

    return "string_agg(u.name, ', ')" if connection.vendor == "postgresql" else "group_concat(u.name, ', ')"


def measure_lists(users, province_ids, reps):
    """([(case, page seconds, sql seconds, ratio, rows, floor ratio)], [(case, page seconds, admin seconds,
    ratio)]) for the đề án and cluster lists, officer and central.

    The floor ratio is the signed-in home page's time (the layout and menu, the session, the user and the
    access scope, no list) ÷ the same SQL: no page of that user can have a lower ratio. The central lists
    are also compared with the Django admin's changelist of the same filter (the other baseline the project
    names for speed; a superuser made for the run); reported, not a target: the admin shows 100 rows a page
    of fewer, unformatted columns.

    Each case is a filtered list of 50 rows or more, as the measure is defined (a page of 50): the officer's
    cluster list filters by their province (Lâm Đồng has ~70 clusters at scale 1; its operating ones are
    only 5, a page whose SQL returns in a tenth of a millisecond)."""
    from django.contrib.auth import get_user_model

    admin, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    admin_client = client_for(admin)
    cases = []
    for username, user in users.items():
        scoped = username != "bench-central"
        client = client_for(user)
        scope_ids = in_list(province_ids) if scoped else None
        # đề án: local plans, in progress, newest plan year first (the list's own order), 50 a page.
        scope = f"AND p.province_id IN ({scope_ids[0]})" if scoped else ""
        sql = PROJECT_SQL.format(where="p.level = %s AND p.status = %s", scope=scope)
        params = ["local", "settled", *(scope_ids[1] if scoped else [])]
        url = "/programs/?level=local&status=settled"
        admin_url = None if scoped else "/admin/programs/project/?level=local&status=settled"
        cases.append((f"đề án list ({username})", client, url, sql, params, admin_url))
        if scoped:
            # ?province=68: the province and the former ones it absorbed (the scope's own units)
            where, url, params = f"c.province_id IN ({scope_ids[0]})", "/clusters/?province=68", scope_ids[1]
            admin_url = None
        else:
            where, url, params = "c.status = %s", "/clusters/?status=operating", ["operating"]
            admin_url = "/admin/clusters/cluster/?status__exact=operating"
        sql = CLUSTER_SQL.format(where=where, scope="").replace("GROUP_CONCAT_PLACEHOLDER", group_concat())
        cases.append((f"cluster list ({username})", client, url, sql, params, admin_url))
    floors = {}
    results, against_admin = [], []
    for name, client, url, sql, params, admin_url in cases:
        if client not in floors:
            floors[client] = median_time(lambda c=client: get_ok(c, "/"), reps)
        page = median_time(lambda c=client, u=url: get_ok(c, u), reps)
        base = median_time(lambda s=sql, p=params: run_sql(s, p), reps)
        results.append((name, page, base, page / base, len(run_sql(sql, params)), floors[client] / base))
        if admin_url:
            changelist = median_time(lambda u=admin_url: get_ok(admin_client, u), reps)
            against_admin.append((name, page, changelist, page / changelist))
    return results, against_admin


# -- queries per page --------------------------------------------------------------------------------


def measure_queries(users):
    """({url: queries}, {url: KB}) for every main list, form and detail page and every API list, as the
    officer and as central."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from khuyencong.clusters.models import Cluster, TenantProject
    from khuyencong.facilities.models import Facility
    from khuyencong.programs.models import Plan, Project

    found, sizes = {}, {}
    for username, user in users.items():
        client = client_for(user)
        pages = list(MAIN_PAGES)
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
            sizes[f"{url} ({username})"] = round(len(response.content) / 1024, 1)
    return found, sizes
