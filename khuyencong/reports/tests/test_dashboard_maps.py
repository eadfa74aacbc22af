"""Dashboard charts and maps that read right (#19): the grid map of the 34 provinces, axis titles with
units and whole-number ticks for counts, and a note on maps drawn without a base layer."""

import re
from datetime import date
from html import unescape

import pytest

from khuyencong.clusters.tests.factories import ClusterFactory, decide
from khuyencong.programs.choices import Status
from khuyencong.programs.tests.factories import project
from khuyencong.reports import dashboard
from khuyencong.reports.dashboard import gridmap

pytestmark = pytest.mark.django_db


def cell(html, code):
    """The grid map's cell of a province: (href, background, text)."""
    found = re.search(
        rf'<li data-province="{code}"[^>]*>\s*<a href="([^"]+)" '
        r'style="background: ([^;]+);[^"]*"[^>]*>(.*?)</a>',
        html,
        re.S,
    )
    assert found, code
    return unescape(found.group(1)), found.group(2), re.sub(r"<[^>]+>", " ", found.group(3)).split()


def test_central_agency_sees_the_34_provinces_in_a_grid(client, personas, ref):
    for _ in range(3):
        decide(ClusterFactory(province=personas.lam_dong), "plan_inclusion", date(2024, 1, 1), area="20")
    ClusterFactory(province=personas.ha_noi)
    client.force_login(personas.central)
    response = client.get("/reports/dashboard/")
    html = response.content.decode()
    grid = response.context["grid"]
    assert len(grid["cells"]) == 34
    assert len({(c["col"], c["row"]) for c in grid["cells"] + grid["islands"]}) == 36  # no two overlap
    assert html.count('<li data-province="') == 34

    href, fill, words = cell(html, "68")
    assert words == ["Lâm", "Đồng", "3"] and fill == gridmap.SHADES[-1]["fill"]  # the most clusters
    assert (
        href
        == "/reports/dashboard/?province=68&boundaries=" + response.context["area"].boundaries.isoformat()
    )
    page = client.get(href)
    assert page.context["area"].province.code == "68" and page.context["grid"] is None
    _href, fill, words = cell(html, "01")
    assert words == ["Hà", "Nội", "1"] and fill == gridmap.SHADES[0]["fill"]  # the fewest
    _href, fill, words = cell(html, "96")
    assert words == ["Cà", "Mau", "0"] and fill == gridmap.NO_RECORD["fill"]
    # The legend names each colour's range; the archipelagos are labelled with their province.
    assert [step["label"] for step in grid["legend"]] == ["0", "1", "2", "3"]
    assert "Quần đảo Hoàng Sa" in html or "Hoàng Sa archipelago" in html


def test_the_grid_can_be_coloured_by_another_figure(client, personas, ref):
    project(personas.lam_dong, year=2025, status=Status.DRAFT)
    project(personas.ha_noi, year=2025, status=Status.DRAFT)
    project(personas.ha_noi, year=2025, status=Status.DRAFT, code="HN-2")
    client.force_login(personas.central)
    response = client.get("/reports/dashboard/", {"map": "projects"})
    grid = response.context["grid"]
    assert grid["figure"] == "projects"
    assert {c["code"]: c["value"] for c in grid["cells"] if c["value"]} == {"01": 2, "68": 1}
    assert [choice["current"] for choice in grid["switch"]] == [False, True, False]
    assert client.get("/reports/dashboard/", {"map": "nonsense"}).context["grid"]["figure"] == "clusters"


def test_no_grid_for_a_province_or_for_boundaries_before_july_2025(client, personas):
    client.force_login(personas.lamdong)
    response = client.get("/reports/dashboard/")
    assert response.context["grid"] is None and 'id="province-map"' not in response.content.decode()
    client.force_login(personas.central)
    response = client.get("/reports/dashboard/", {"boundaries": "2025-06-30"})
    assert response.context["data"]["provinces"] is not None  # the table by the 63 provinces stays
    assert response.context["grid"] is None and 'id="province-map"' not in response.content.decode()


def test_every_province_of_2025_has_a_place(db):
    from khuyencong.geography.models import AdminUnit

    codes = set(AdminUnit.objects.provinces().valid_on(date(2025, 7, 1)).values_list("code", flat=True))
    assert codes == set(gridmap.LAYOUT)
    assert all(0 <= col < gridmap.COLUMNS and 0 <= row < gridmap.ROWS for col, row in gridmap.LAYOUT.values())


def test_classes_of_whole_numbers_and_of_money():
    assert gridmap._classes([0, 0, 5, 11], True) == [(1, 3), (4, 6), (7, 9), (10, 11)]
    assert gridmap._classes([0, 2], True) == [(1, 1), (2, 2)]
    assert gridmap._classes([0], True) == []
    money = gridmap._classes([0, 4_000_000_000], False)
    assert money[0] == (0, 1_000_000_000) and money[-1][1] == 4_000_000_000
    assert gridmap._class_of(1_000_000_000, money, False) == 0
    assert gridmap._class_of(1_000_000_001, money, False) == 1
    # Money steps are round numbers of million VND: 11.302 million in steps of 5.000.
    assert gridmap._classes([750_000_000, 11_302_000_000], False) == [
        (0, 5_000_000_000),
        (5_000_000_000, 10_000_000_000),
        (10_000_000_000, 15_000_000_000),
    ]


def test_bar_charts_title_both_axes_and_count_in_whole_numbers(personas, ref):
    project(personas.lam_dong, year=2025, status=Status.DRAFT)
    area = dashboard.resolve_area(personas.central)
    charts = dashboard.charts(dashboard.build(area, personas.central))
    bars = {key: spec for key, spec in charts.items() if spec["type"] == "bar"}
    assert set(bars) == {"cluster-occupancy", "promotion-money", "promotion-status", "promotion-category"}
    for key, spec in bars.items():
        assert spec["axes"]["value"] and spec["axes"]["category"], key
    counts = {key for key, spec in bars.items() if spec["axes"]["integer"]}
    assert counts == {"cluster-occupancy", "promotion-status", "promotion-category"}
    assert (
        "triệu đồng" in bars["promotion-money"]["axes"]["value"]
        or "million VND" in (bars["promotion-money"]["axes"]["value"])
    )


@pytest.mark.parametrize("path", ["/reports/dashboard/", "/clusters/map/"])
def test_a_map_without_base_layer_says_so(client, personas, settings, path):
    ClusterFactory(province=personas.lam_dong)
    client.force_login(personas.lamdong)
    settings.MAP_TILE_URL = ""
    html = client.get(path).content.decode()
    note = re.search(r'<p class="map-note" id="([^"]+)">', html)
    assert note and f'aria-describedby="{note.group(1)}"' in html
    assert "MAP_TILE_URL" in html
    settings.MAP_TILE_URL = "https://tiles.example.invalid/{z}/{x}/{y}.png"
    html = client.get(path).content.decode()
    assert 'class="map-note"' not in html and "aria-describedby" not in html.split('class="map"')[1][:300]
