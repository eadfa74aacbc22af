"""Browser test (issue #17, finding 5): a cluster's name is text in map tooltips, never markup."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = '"><img id="injected" src=x onerror="document.title=\'owned\'">'
MAPS = [("/clusters/map/", "#cluster-map"), ("/reports/dashboard/", "#dashboard-map")]


def test_cluster_name_is_text_in_map_tooltips(live_server, page, demo):
    from khuyencong.clusters.models import Cluster

    for cluster in Cluster.objects.exclude(latitude=None):
        Cluster.objects.filter(pk=cluster.pk).update(name=NAME)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "trunguong")
    page.fill("#id_password", "khuyencong-demo")
    page.click("button[type=submit]")
    page.wait_for_selector("h1")
    for path, selector in MAPS:  # one demo load for both maps
        page.goto(live_server.url + path)
        page.wait_for_selector(f"{selector}[data-markers]")
        markers = page.locator(f"{selector} path.cluster-marker")
        for index in range(markers.count()):
            markers.nth(index).dispatch_event("mouseover")
        tooltips = page.locator(".leaflet-tooltip")
        assert tooltips.count() >= 1, path
        assert all(NAME in tooltips.nth(i).inner_text() for i in range(tooltips.count())), path
        assert page.locator("#injected").count() == 0, path
        assert page.locator(".leaflet-tooltip img, .leaflet-popup img").count() == 0, path
