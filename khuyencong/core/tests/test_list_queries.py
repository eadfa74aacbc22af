"""List pages and API lists issue a fixed, small number of queries whatever the number of rows (issue #8).

The data is the benchmark generator's (bench/gendata.py) at a tiny scale; the bound is the benchmark's
target (`max_queries_per_page` ≤ 12). No timing is asserted.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

LISTS = [
    "/programs/",
    "/programs/?level=local&status=settled",
    "/clusters/",
    "/clusters/?status=operating",
    "/facilities/",
    "/api/v1/programs/projects/",
    "/api/v1/clusters/clusters/",
    "/api/v1/facilities/",
]


@pytest.fixture
def national(db, geo, personas):
    from khuyencong.programs.reference import load

    load()
    call_command("gendata", scale=0.01, seed=5, verbosity=0)
    return personas


def count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.parametrize("who", ["central", "lamdong"])
def test_list_pages_use_few_queries_and_do_not_grow_with_rows(client, national, who):
    client.force_login(getattr(national, who))
    for url in LISTS:
        first = count(client, url)
        assert first <= 12, (url, first)
        # Another page of the same list (other rows, other related records): the same number of queries.
        separator = "&" if "?" in url else "?"
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{url}{separator}page=2")
        if response.status_code == 200:
            assert len(captured.captured_queries) == first, url
