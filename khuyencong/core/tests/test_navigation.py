"""The menu marks exactly one item: the one whose address is the longest prefix of the page's."""

import pytest
from django.test import RequestFactory

from khuyencong.core.context_processors import navigation


@pytest.mark.parametrize(
    ("path", "active"),
    [
        ("/", "/"),
        ("/reports/dashboard/", "/reports/dashboard/"),
        ("/reports/submissions/3/", "/reports/"),
        ("/clusters/12/edit/", "/clusters/"),
        ("/nowhere/", None),
    ],
)
def test_one_active_item(path, active):
    items = navigation(RequestFactory().get(path))["nav_items"]
    marked = [i["url"] for i in items if i["active"]]
    assert marked == ([active] if active else [])
