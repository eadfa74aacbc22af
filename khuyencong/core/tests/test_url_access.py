"""Every page and endpoint of ours refuses anonymous users: no view is public by accident."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# The API schema and its docs describe endpoints, not data, and are public for integrators.
# The cluster catalogue shows only reports.catalogue.PUBLIC_FIELDS (see reports/tests/test_catalogue.py).
# The user guide describes the system with demo screenshots, no data (core/guide.py).
PUBLIC = {
    "login",
    "logout",
    "set_language",
    "javascript-catalog",
    "api-schema",
    "api-docs",
    "public-catalogue",
    "public-catalogue-data",
    "guide",
    "guide-chapter",
    "guide-image",
    "guide-pdf",
}


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def concrete(route):
    """Turn a route pattern into a URL, with 999999 for every parameter."""
    route = re.sub(r"<(?:\w+:)?\w+>", "999999", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "999999", route)
    return "/" + route.lstrip("^").rstrip("$").replace("\\", "").replace("\\Z", "")


def our_routes():
    for route, pattern in walk(get_resolver().url_patterns):
        module = getattr(pattern.callback, "__module__", "")
        if route.startswith("admin/") or pattern.name in PUBLIC or "format" in route:
            continue
        if module.startswith(("khuyencong", "rest_framework", "drf_spectacular")):
            yield concrete(route)


def test_there_are_routes_to_check():
    assert len(list(our_routes())) >= 8


@pytest.mark.parametrize("url", sorted(set(our_routes())))
def test_anonymous_is_refused(client, url):
    for method in (client.get, client.post):
        response = method(url)
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"], url
        else:
            assert response.status_code in (401, 403, 404, 405), (url, response.status_code)
