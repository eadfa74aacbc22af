"""The menu: grouped, built from what each user may open, one active item; friendly error pages."""

import pytest
from django.test import override_settings
from django.utils import translation

from khuyencong.accounts.models import User
from khuyencong.core.navigation import menu

pytestmark = pytest.mark.django_db
PERSONAS = ["lamdong", "hanoi", "trunguong", "nhadautu", "ctv"]


def urls(groups):
    return [item["url"] for group in groups for item in group["items"]]


@pytest.mark.parametrize(
    ("path", "active"),
    [
        ("/", None),
        ("/reports/dashboard/", "/reports/dashboard/"),
        ("/reports/submissions/3/", "/reports/submissions/"),
        ("/clusters/12/edit/", "/clusters/"),
        ("/nowhere/", None),
    ],
)
def test_one_active_item(demo, path, active):
    groups = menu(User.objects.get(username="lamdong"), path)
    marked = [i["url"] for g in groups for i in g["items"] if i["active"]]
    assert marked == ([active] if active else [])
    assert sum(g["active"] for g in groups) == (1 if active else 0)


def test_every_menu_link_opens_for_every_persona(client, demo):
    for name in PERSONAS:
        user = User.objects.get(username=name)
        client.force_login(user)
        for url in urls(menu(user)):
            assert client.get(url).status_code == 200, (name, url)


def test_menus_follow_roles(demo):
    officer = urls(menu(User.objects.get(username="lamdong")))
    collaborator = urls(menu(User.objects.get(username="ctv")))
    investor = urls(menu(User.objects.get(username="nhadautu")))
    central = urls(menu(User.objects.get(username="trunguong")))
    assert "/imports/" in officer and "/imports/" not in central + investor + collaborator
    assert "/surveys/collect/" in collaborator and "/surveys/collect/" not in investor
    assert "/correspondence/" not in collaborator and "/clusters/" not in collaborator
    assert len(collaborator) <= 6 < len(officer)
    with translation.override("en"):
        labels = [str(g["label"]) for g in menu(User.objects.get(username="lamdong"))]
    assert labels == [
        "Industrial clusters",
        "Industrial promotion",
        "Network and inspections",
        "Reports",
        "Correspondence and deadlines",
        "Administration",
    ]


def test_collaborator_home_links_the_survey_screen(client, demo):
    client.force_login(User.objects.get(username="ctv"))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/surveys/collect/"' in page and "New survey" in page
    assert 'href="/surveys/"' in page


@override_settings(DEBUG=False)
def test_error_pages_say_what_to_do(client, demo):
    client.force_login(User.objects.get(username="ctv"))
    refused = client.get("/imports/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 403
    assert "You may not open this page" in refused.content.decode()
    assert 'href="/"' in refused.content.decode()
    missing = client.get("/clusters/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404 and "Page not found" in missing.content.decode()


def test_investor_periodic_reports_are_their_clusters(client, demo):
    client.force_login(User.objects.get(username="nhadautu"))
    page = client.get("/reports/submissions/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No province to show." not in page
    assert 'id="cluster-submissions"' in page and 'data-form="bieu02"' in page
    client.force_login(User.objects.get(username="lamdong"))
    page = client.get("/reports/submissions/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="cluster-submissions"' not in page and 'data-province="68"' in page
