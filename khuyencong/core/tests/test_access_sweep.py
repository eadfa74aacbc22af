"""Access sweep: every page and API route that takes an object id, for every persona, on the demo data.

For each route whose view declares a model (`model`, `queryset`), and for each object of that model the
persona may NOT see, reading must answer 404 (or 403), and every write method must change nothing. For
objects the persona may see but not edit, writes must be refused too. New routes are covered without
editing this test."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from khuyencong.accounts.models import User

pytestmark = pytest.mark.django_db

PERSONAS = ["trunguong", "lamdong", "hanoi", "nhadautu", "ctv"]
SAMPLE = 4  # objects per route and category (invisible / visible-not-editable) to try


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def model_of(callback):
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view is None:
        return None
    queryset = getattr(view, "queryset", None)
    model = getattr(view, "model", None) or (queryset.model if queryset is not None else None)
    return model if model is not None and hasattr(model.objects, "visible_to") else None


def object_routes():
    for route, pattern in walk(get_resolver().url_patterns):
        if route.startswith("admin/") or "format" in route:
            continue
        params = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
        names = [a or b for a, b in params]
        model = model_of(pattern.callback)
        if model is not None and names == ["pk"]:
            yield route, model


def url_for(route, pk):
    route = re.sub(r"<(?:\w+:)?pk>", str(pk), route)
    route = re.sub(r"\(\?P<pk>[^)]*\)", str(pk), route)
    return "/" + route.lstrip("^").rstrip("$").replace("\\.", ".").replace("\\Z", "")


def snapshot(model, pk):
    obj = model.objects.filter(pk=pk).values().first()
    return obj


def test_routes_with_objects_exist(demo):
    routes = list(object_routes())
    assert any("organisations" in route for route, _model in routes)


@pytest.fixture
def jobs_of_each_persona(demo):
    """A finished export job of every persona (the demo has none): the job pages are swept too."""
    from khuyencong.imports.models import Job

    for username in PERSONAS:
        Job.objects.create(
            kind="export",
            status="succeeded",
            user=User.objects.get(username=username),
            params={"path": "/facilities/", "query": "", "format": "csv", "title": "Facilities"},
            output=f"jobs/{username}.csv",
        )


@pytest.mark.parametrize("username", PERSONAS)
def test_no_persona_reads_or_changes_what_is_not_theirs(client, demo, jobs_of_each_persona, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    checked = 0
    for route, model in object_routes():
        everything = model.objects.all()
        visible = set(model.objects.visible_to(user).values_list("pk", flat=True))
        editable = set(model.objects.editable_by(user).values_list("pk", flat=True))
        hidden = [pk for pk in everything.values_list("pk", flat=True) if pk not in visible][:SAMPLE]
        read_only = [pk for pk in visible if pk not in editable][:SAMPLE]
        is_api = route.startswith("api/")
        for pk in hidden:
            url = url_for(route, pk)
            response = client.get(url)
            assert response.status_code in (403, 404), (username, url, response.status_code)
            checked += 1
        for pk in hidden + read_only:
            url = url_for(route, pk)
            before = snapshot(model, pk)
            for method in ("post", "put", "patch", "delete"):
                if not is_api and method != "post":
                    continue
                response = (
                    getattr(client, method)(url, {}, content_type="application/json")
                    if is_api
                    else client.post(url, {})
                )
                assert response.status_code in (403, 404, 405), (username, method, url, response.status_code)
                assert snapshot(model, pk) == before, (username, method, url)
            checked += 1
    assert checked > 0 or username == "trunguong"
