"""Dashboards: figures from grouped queries, scoped, by the boundaries of a date, each linked to its list."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khuyencong.accounts.models import User
from khuyencong.accounts.tests.factories import province
from khuyencong.clusters.tests.factories import (
    ClusterFactory,
    InfrastructureFactory,
    LandRecordFactory,
    TenantFactory,
    decide,
)
from khuyencong.programs.choices import Level, Status
from khuyencong.programs.tests.factories import project
from khuyencong.reports import dashboard
from khuyencong.reports.common import ReportArea

pytestmark = pytest.mark.django_db

ON_30_JUNE = date(2025, 6, 30)


def count_of_list(client, href):
    """How many records the list page behind a figure shows (the paginator counts every page)."""
    response = client.get(href)
    assert response.status_code == 200, href
    return response.context["paginator"].count if response.context.get("paginator") else None


def linked_figures(data):
    """(figure, href) of every linked count of the dashboard that a cluster or đề án list can check."""
    clusters, promotion = data["clusters"], data["promotion"]
    yield clusters["total"], clusters["href"]
    for row in clusters["by_status"]:
        yield row["count"], row["href"]
    for row in clusters["occupancy"]["buckets"]:
        yield row["count"], row["href"]
    water = clusters["wastewater"]
    for key in ("operating", "with_plant", "without_plant", "any_plant"):
        yield water[key], water[f"{key}_href"]
    yield promotion["total"], promotion["href"]
    for row in promotion["by_status"] + promotion["by_category"] + promotion["stops"]:
        yield row["count"], row["href"]
    for row in promotion["by_year"]:
        yield row["count"], row["href"]
    yield promotion["overdue"]["count"], promotion["overdue"]["href"]
    for row in data["provinces"] or []:
        yield row["clusters"], row["clusters_href"]
        yield row["projects"], row["projects_href"]
        yield row["overdue"], row["overdue_href"]


@pytest.mark.parametrize("username", ["trunguong", "lamdong"])
def test_every_figure_links_to_a_list_with_the_same_records(client, demo, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    data = dashboard.build(dashboard.resolve_area(user), user)
    checked = 0
    for figure, href in linked_figures(data):
        assert count_of_list(client, href) == figure, href
        checked += 1
    assert checked > 30
    assert data["clusters"]["total"] > 0 and data["promotion"]["total"] > 0


def test_central_sees_the_country_and_officers_their_province(demo):
    central, lamdong, hanoi = (User.objects.get(username=n) for n in ("trunguong", "lamdong", "hanoi"))
    national = dashboard.resolve_area(central)
    assert national.national and national.province is None
    assert dashboard.resolve_area(lamdong).province.name == "Lâm Đồng"
    assert dashboard.resolve_area(hanoi).province.name == "Hà Nội"
    everything = dashboard.build(national, central)
    own = dashboard.build(dashboard.resolve_area(lamdong), lamdong)
    other = dashboard.build(dashboard.resolve_area(hanoi), hanoi)
    assert own["provinces"] is None and everything["provinces"]
    assert own["clusters"]["total"] + other["clusters"]["total"] == everything["clusters"]["total"]
    # The national table rolls the former Đắk Nông up into today's Lâm Đồng.
    rows = {row["name"]: row for row in everything["provinces"]}
    assert rows["Lâm Đồng"]["clusters"] == own["clusters"]["total"]
    assert "Đắk Nông" not in rows
    # A Hà Nội officer asking for Lâm Đồng sees nothing of it: the figures go through visible_to.
    asked = dashboard.build(dashboard.resolve_area(hanoi, "Lâm Đồng"), hanoi)
    assert asked["clusters"]["total"] == 0 and asked["promotion"]["total"] == 0


def figures(data):
    """Every count and area of a dashboard, flattened, to compare dashboards of different areas."""
    clusters, promotion = data["clusters"], data["promotion"]
    flat = {
        "clusters": clusters["total"],
        "area": clusters["area_ha"],
        "industrial": clusters["occupancy"]["industrial_ha"],
        "leased": clusters["occupancy"]["leased_ha"],
        "tenants": clusters["tenants"]["active"],
        "workers": clusters["tenants"]["workers"],
        "projects": promotion["total"],
        "overdue": promotion["overdue"]["count"],
    }
    for row in clusters["by_status"]:
        flat[f"status:{row['status']}"] = row["count"]
        flat[f"status-ha:{row['status']}"] = row["area_ha"]
    for row in clusters["occupancy"]["buckets"]:
        flat[f"bucket:{row['key']}"] = row["count"]
    for key in ("operating", "with_plant", "any_plant"):
        flat[f"water:{key}"] = clusters["wastewater"][key]
    for row in promotion["by_status"]:
        flat[f"project:{row['status']}"] = row["count"]
    for row in promotion["by_year"]:
        for key in ("count", "budget_vnd", "support_vnd", "disbursed_vnd", "settled_vnd"):
            flat[f"year:{row['year']}:{key}"] = row[key]
    for row in promotion["stops"]:
        flat[f"change:{row['key']}"] = row["count"]
    return flat


def add(total, part):
    for key, value in part.items():
        total[key] = total.get(key, 0) + value
    return total


def test_today_lam_dong_equals_the_sum_of_the_provinces_it_absorbed(demo):
    central = User.objects.get(username="trunguong")
    binh_thuan = province("60", scheme="legacy")
    extra = ClusterFactory(name="Hàm Kiệm", province=binh_thuan, planned_area_ha=Decimal("60.00"))
    decide(extra, "plan_inclusion", date(2024, 1, 5), area="60")
    project(binh_thuan, year=2024, status=Status.DRAFT)

    today = dashboard.build(dashboard.resolve_area(central, "Lâm Đồng"), central)
    parts = [
        dashboard.build(dashboard.resolve_area(central, code, ON_30_JUNE), central)
        for code in ("68", "67", "60")  # the former Lâm Đồng, Đắk Nông and Bình Thuận
    ]
    assert [p["area"]["province"]["scheme"] for p in parts] == ["legacy"] * 3
    # Records made since 1/7/2025 sit in today's unit itself, which no former province holds.
    lam_dong = province("68")
    itself = ReportArea(lam_dong, date.today(), frozenset({lam_dong.pk}))
    parts.append(dashboard.build(dashboard.DashboardArea(date.today(), itself), central))
    total = {}
    for part in parts:
        add(total, figures(part))
    whole = figures(today)
    for key in set(total) | set(whole):
        assert whole.get(key, 0) == total.get(key, 0), key
    assert figures(parts[1])["clusters"] == 11 and figures(parts[2])["clusters"] == 1


def test_dak_nong_by_its_own_boundaries_covers_only_its_records(client, demo):
    central = User.objects.get(username="trunguong")
    area = dashboard.resolve_area(central, "Đắk Nông", ON_30_JUNE)
    assert area.province.scheme == "legacy" and area.report_area.province_ids == {area.province.pk}
    data = dashboard.build(area, central)
    assert data["clusters"]["total"] == 11  # the seed report's 11 planned clusters
    assert data["area"]["province"]["successors"][0]["name"] == "Lâm Đồng"
    # The page says so, and its links are limited to Đắk Nông.
    client.force_login(central)
    response = client.get("/reports/dashboard/", {"province": "dak nong", "boundaries": "2025-06-30"})
    html = response.content.decode()
    assert response.status_code == 200 and "Đắk Nông" in html and "Lâm Đồng" in html
    assert f"within={area.province.pk}" in html
    assert count_of_list(client, data["clusters"]["href"]) == 11


@pytest.mark.parametrize("username", ["trunguong", "lamdong", "hanoi", "nhadautu", "ctv"])
def test_the_page_renders_for_every_persona(client, demo, username):
    client.force_login(User.objects.get(username=username))
    response = client.get("/reports/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="dashboard-charts"' in html and 'id="dashboard-points"' in html
    assert html.count("<canvas") == 5 and 'id="dashboard-map"' in html
    assert "vendor/chartjs/chart-4.6.1.umd.js" in html and "js/dashboard.js" in html
    assert "<script>" not in html  # no inline script (CSP): data travel in json_script blocks


def test_map_points_carry_status_colours_and_only_visible_clusters(demo):
    hanoi = User.objects.get(username="hanoi")
    points = dashboard.map_points(dashboard.resolve_area(hanoi), hanoi)
    assert points and all(p["url"].startswith("/clusters/") for p in points)
    assert {p["colour"] for p in points} <= set(dashboard.STATUS_COLOURS.values())
    from khuyencong.clusters.models import Cluster

    visible = set(Cluster.objects.visible_to(hanoi).values_list("pk", flat=True))
    assert {p["id"] for p in points} <= visible


def test_an_unknown_province_is_a_form_error(client, personas):
    client.force_login(personas.central)
    response = client.get("/reports/dashboard/", {"province": "atlantis"})
    assert response.status_code == 200 and response.context["form"].errors["province"]
    assert "data" not in response.context


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get("/reports/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_figures_of_hand_made_records(personas, ref):
    lam_dong, officer = personas.lam_dong, personas.lamdong
    operating = ClusterFactory(province=lam_dong)
    decide(operating, "plan_inclusion", date(2024, 1, 1), area="80")
    decide(operating, "establishment", date(2024, 3, 1), area="55.5")
    decide(operating, "operation", date(2025, 9, 1))
    LandRecordFactory(cluster=operating, industrial_land_ha=Decimal("40"), leased_ha=Decimal("30"))
    InfrastructureFactory(cluster=operating)
    TenantFactory(cluster=operating, workers=120)
    TenantFactory(cluster=operating, workers=30, status="terminated")
    planned = ClusterFactory(province=lam_dong, planned_area_ha=Decimal("12.5"))
    legacy = ClusterFactory(province=lam_dong, is_legacy=True, status_override="operating")
    LandRecordFactory(cluster=legacy, industrial_land_ha=Decimal("10"), leased_ha=Decimal("1"))
    late = project(lam_dong, year=2025, status=Status.DRAFT, end_date=date(2025, 11, 30))
    type(late).objects.filter(pk=late.pk).update(status=Status.IN_PROGRESS, version_number=2)
    project(lam_dong, year=2025, level=Level.NATIONAL, status=Status.STOPPED, category="KC01")

    data = dashboard.build(dashboard.resolve_area(officer), officer, today=date(2026, 1, 10))
    statuses = {row["status"]: row for row in data["clusters"]["by_status"]}
    assert statuses["operating"]["count"] == 2  # the legacy cluster's hand-set status counts
    assert statuses["operating"]["area_ha"] == Decimal("105.50")  # 55.5 established + 50 planned (legacy)
    assert statuses["no_record"]["area_ha"] == Decimal("12.50") and planned.status == "no_record"
    occupancy = data["clusters"]["occupancy"]
    assert (occupancy["industrial_ha"], occupancy["leased_ha"], occupancy["pct"]) == (
        Decimal("50.00"),
        Decimal("31.00"),
        Decimal("62.00"),
    )
    assert {b["key"]: b["count"] for b in occupancy["buckets"]} == {
        "lt25": 1,
        "25to50": 0,
        "50to75": 0,
        "75up": 1,
    }
    water = data["clusters"]["wastewater"]
    assert (water["operating"], water["with_plant"], water["without_plant"], water["pct"]) == (
        2,
        1,
        1,
        Decimal("50.00"),
    )
    assert (data["clusters"]["tenants"]["active"], data["clusters"]["tenants"]["workers"]) == (1, 120)
    promotion = data["promotion"]
    changes = {row["key"]: row["count"] for row in promotion["stops"]}
    assert changes == {"stopped": 1, "stop_requested": 0, "adjustment_requested": 0, "adjusted": 1}
    assert promotion["overdue"]["count"] == 1 and promotion["overdue"]["rows"][0]["code"] == late.code
    assert [row["year"] for row in promotion["by_year"]] == [2025]
    only_2024 = dashboard.promotion_section(dashboard.resolve_area(officer), officer, year=2024)
    assert only_2024["total"] == 0


def make_records(lam_dong, n, start):
    for i in range(n):
        cluster = ClusterFactory(province=lam_dong, code=f"Q-{start + i}")
        decide(cluster, "plan_inclusion", date(2024, 1, 1), area="30")
        LandRecordFactory(cluster=cluster)
        TenantFactory(cluster=cluster, workers=10)
        project(lam_dong, year=2020 + i % 5, status=Status.DRAFT, code=f"Q-{start + i}")


def test_query_count_does_not_grow_with_the_records(client, personas, ref, django_assert_max_num_queries):
    client.force_login(personas.central)
    make_records(personas.lam_dong, 3, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/reports/dashboard/").status_code == 200
    make_records(personas.lam_dong, 12, 100)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/reports/dashboard/")
    assert response.context["data"]["clusters"]["total"] == 15
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    with django_assert_max_num_queries(40):
        client.get("/reports/dashboard/", {"province": "68"})


def test_province_rollup_by_date(db):
    dak_nong, lam_dong = province("67", scheme="legacy"), province("68")
    assert dashboard.province_rollup({dak_nong.pk}, date.today()) == {dak_nong.pk: lam_dong}
    assert dashboard.province_rollup({dak_nong.pk}, ON_30_JUNE) == {dak_nong.pk: dak_nong}
    # Asked with older boundaries, a 2025 unit cannot be split back: it stays itself.
    assert dashboard.province_rollup({lam_dong.pk}, ON_30_JUNE) == {lam_dong.pk: lam_dong}


def test_sections_of_apps_not_installed_are_left_out(client, demo):
    central = User.objects.get(username="trunguong")
    client.force_login(central)
    data = client.get("/reports/dashboard/").context["data"]
    html = client.get("/reports/dashboard/").content.decode()
    for app, key, anchor in (
        ("khuyencong.surveys", "collaborators", 'id="collaborator-coverage"'),
        ("khuyencong.inspections", "recommendations", 'id="recommendation-figures"'),
    ):
        if apps.is_installed(app):
            assert data[key] is not None and anchor in html
        else:
            assert data[key] is None and anchor not in html


@pytest.mark.skipif(
    not (apps.is_installed("khuyencong.surveys") and apps.is_installed("khuyencong.inspections")),
    reason="the surveys and inspections apps are not installed",
)
def test_collaborator_coverage_and_recommendations(personas):
    from khuyencong.geography.models import AdminUnit, Succession

    collaborator_model = apps.get_model("surveys", "Collaborator")
    commune_model = apps.get_model("surveys", "CollaboratorCommune")
    recommendation_model = apps.get_model("inspections", "Recommendation")
    lam_dong, dak_nong, officer = personas.lam_dong, personas.dak_nong, personas.lamdong
    today = date(2026, 3, 1)
    communes = list(AdminUnit.objects.communes().valid_on(today).filter(province=lam_dong).order_by("code"))
    absorbing = next(c for c in communes if Succession.objects.filter(successor=c).exists())
    former = Succession.objects.filter(successor=absorbing).first().predecessor
    active = collaborator_model.objects.create(
        full_name="Y Niê", province=lam_dong, active_from=date(2024, 1, 1)
    )
    gone = collaborator_model.objects.create(
        full_name="Đã nghỉ", province=lam_dong, active_from=date(2020, 1, 1), active_to=date(2024, 12, 31)
    )
    direct = next(c for c in communes if c != absorbing)
    commune_model.objects.create(collaborator=active, commune=direct, valid_from=date(2025, 7, 1))
    commune_model.objects.create(
        collaborator=active, commune=former, valid_from=date(2024, 1, 1)
    )  # legacy commune
    commune_model.objects.create(collaborator=gone, commune=communes[-1], valid_from=date(2020, 1, 1))

    for status, deadline in (
        ("open", date(2026, 1, 1)),
        ("answered", date(2026, 6, 1)),
        ("closed", date(2025, 1, 1)),
    ):
        recommendation_model.objects.create(
            kind="proposal", province=dak_nong, text="Kiến nghị", deadline=deadline, status=status
        )
    recommendation_model.objects.create(kind="proposal", province=personas.ha_noi, text="Khác", status="open")

    area = dashboard.resolve_area(officer)
    coverage = dashboard.collaborator_coverage(area, officer, today)
    assert (coverage["communes"], coverage["covered"], coverage["collaborators"]) == (len(communes), 2, 1)
    assert coverage["uncovered"] == len(communes) - 2
    figures = dashboard.recommendations(area, officer, today)
    assert figures["open"] == 2 and figures["overdue"] == 1
    assert {row["status"]: row["count"] for row in figures["by_status"]}["answered"] == 1
    # Roles that do not see collaborators get no coverage section.
    assert (
        dashboard.collaborator_coverage(dashboard.resolve_area(personas.investor), personas.investor) is None
    )
