"""The vendored assets that pages link to are found and served (CSS, htmx, Leaflet)."""

import re

import pytest
from django.contrib.staticfiles import finders


def test_base_layout_assets_exist(client, db):
    html = client.get("/accounts/login/").content.decode()
    paths = re.findall(r'(?:href|src)="/static/([^"]+)"', html)
    assert any(p.endswith(".css") for p in paths) and any("htmx" in p for p in paths)
    for path in paths:
        assert finders.find(path), path


@pytest.mark.parametrize("path", ["vendor/leaflet/leaflet-1.9.4.js", "vendor/leaflet/images/marker-icon.png"])
def test_vendored_libraries_exist(path):
    assert finders.find(path)
