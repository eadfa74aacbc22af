"""List pages as an officer uses them: pickers instead of ids and codes, sortable columns kept in the URL
and in the export, a page size, filters set by a link shown as removable tags (issue: workspace, item 5)."""

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model

from khuyencong.clusters.models import Cluster
from khuyencong.core.text import fold
from khuyencong.facilities.models import Facility
from khuyencong.geography.models import AdminUnit

from .html import headers

pytestmark = pytest.mark.django_db
User = get_user_model()

LIST_PAGES = [
    "/clusters/",
    "/programs/projects/",
    "/programs/plans/",
    "/facilities/",
    "/inspections/",
    "/inspections/recommendations/",
    "/correspondence/",
    "/surveys/collaborators/",
    "/surveys/assignments/",
    "/surveys/responses/",
    "/organisations/",
]


def select_options(page, name):
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert match, f"no select {name}"
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', match.group(1))


def login(client, username):
    client.force_login(User.objects.get(username=username))


@pytest.fixture
def officer(client, demo):
    login(client, "lamdong")
    return client


def test_no_filter_asks_for_a_raw_id_or_code_and_no_select_shows_dashes(officer):
    for url in LIST_PAGES:
        page = officer.get(url).content.decode()
        assert not re.search(r"Mã (tỉnh|xã|định danh|cuộc)", page), url
        assert "---------" not in page, url
        assert "Chưa xác định" not in page, url  # a yes/no filter offers "Tất cả", not "Unknown"
        assert not re.search(r'<label>[^<]*<input type="number" name="(province|commune|within)"', page), url


def test_the_province_filter_is_a_picker_of_the_officers_provinces(client, demo):
    login(client, "lamdong")
    options = select_options(client.get("/facilities/").content.decode(), "province")
    assert options[0] == ("", "Tất cả")
    names = [label for _value, label in options]
    assert "Tỉnh Lâm Đồng" in names
    assert not any("Hà Nội" in name for name in names)  # another province's officer's province
    login(client, "trunguong")
    options = select_options(client.get("/facilities/").content.decode(), "province")
    current = [label for value, label in options if value and "(nay" not in label]
    assert "Thành phố Hà Nội" in current and "Tỉnh Lâm Đồng" in current


def test_the_commune_picker_lists_the_chosen_provinces_communes(client, demo):
    login(client, "trunguong")
    page = client.get("/facilities/").content.decode()
    assert '<input type="hidden" name="commune"' in page  # a country's communes are no list
    hanoi = AdminUnit.objects.get(level="province", name="Hà Nội", valid_to__isnull=True)
    options = select_options(client.get(f"/facilities/?province={hanoi.pk}").content.decode(), "commune")
    communes = AdminUnit.objects.filter(pk__in=[int(v) for v, _label in options if v.isdigit()])
    assert (
        communes.exists()
        and set(communes.values_list("province_id", flat=True)) <= hanoi.all_predecessor_ids()
    )


def test_a_column_sorts_the_list_both_ways_and_the_export_keeps_the_order(officer):
    page = officer.get("/clusters/?sort=-area").content.decode()
    assert 'aria-sort="descending"' in page
    assert 'href="?sort=area"' in page  # a second click sorts the other way
    visible = Cluster.objects.visible_to(User.objects.get(username="lamdong"))
    expected = list(
        visible.exclude(planned_area_ha=None)
        .order_by("-planned_area_ha", "province__code", "search_text", "pk")
        .values_list("code", flat=True)
    )
    codes = re.findall(r"<tr><td>([^<]+)</td>", page)
    assert codes[: len(expected)] == expected[: len(codes)]
    export = officer.get("/clusters/?sort=-area&export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1 : len(expected) + 1]] == expected
    ascending = officer.get("/clusters/?sort=area").content.decode()
    assert 'aria-sort="ascending"' in ascending
    assert re.findall(r"<tr><td>([^<]+)</td>", ascending)[0] == expected[-1]


def test_names_sort_in_vietnamese_order_not_by_code_point(officer):
    page = officer.get("/facilities/?sort=name&per_page=200").content.decode()
    names = re.findall(r'<tr><td><a href="/facilities/\d+/">([^<]+)</a>', page)
    assert len(names) > 3
    assert [fold(n) for n in names] == sorted(fold(n) for n in names)  # "Đ…" among the D's, not after Z


def test_an_unknown_sort_key_keeps_the_lists_order(officer):
    assert officer.get("/clusters/?sort=password").status_code == 200
    assert officer.get("/clusters/?sort=-province__id").status_code == 200


def test_page_size_is_chosen_among_the_offered_sizes(client, demo):
    login(client, "trunguong")
    total = Facility.objects.count()
    assert total > 25
    page = client.get("/facilities/?per_page=25").content.decode()
    assert len(re.findall(r'<tr><td><a href="/facilities/\d+/">', page)) == 25
    assert "Số dòng mỗi trang" in page
    page = client.get("/facilities/?per_page=7").content.decode()  # not offered: the list's own size
    assert len(re.findall(r'<tr><td><a href="/facilities/\d+/">', page)) == min(total, 50)


def test_a_filter_set_by_a_link_is_a_tag_that_names_the_record_and_can_be_removed(officer):
    lamdong = AdminUnit.objects.get(level="province", name="Lâm Đồng", valid_to__isnull=True)
    page = officer.get(f"/facilities/?within={lamdong.pk}&kind=").content.decode()
    assert re.search(r'class="filter-tag">[^<]*: <strong>Tỉnh Lâm Đồng</strong>', page)
    assert 'href="?kind="' in page  # the tag's ✕: the same list without that filter
    assert f'<input type="hidden" name="within" value="{lamdong.pk}"' in page


def test_headers_say_which_columns_sort(officer):
    page = officer.get("/clusters/").content.decode()
    assert headers(page)[:3] == ["Mã", "Tên", "Tỉnh"]
    assert 'href="?sort=name"' in page and 'title="Sắp xếp theo Tên"' in page


def test_an_empty_list_says_what_to_do(officer, client):
    page = officer.get("/clusters/?q=khongcocumnaonhuthe").content.decode()
    assert "Không có kết quả nào khớp với bộ lọc này." in page and '<a href="?">Bỏ mọi bộ lọc</a>' in page
    login(client, "ctv")  # a collaborator sees no cluster at all: the page says how clusters get there
    assert "Chưa có cụm công nghiệp nào" in client.get("/clusters/").content.decode()
