"""Every domain list exports what it shows (scope and filters) as .xlsx and CSV."""

import csv
import io

import openpyxl
import pytest

from khuyencong.accounts.models import User

pytestmark = pytest.mark.django_db

LISTS = {
    "/clusters/": ("Mã", "Đắk Nông"),
    "/programs/": ("Mã", "Đắk Nông"),
    "/facilities/": ("Tên", "Đắk Nông"),
}


def xlsx_rows(response):
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [[cell.value for cell in row] for row in book.active.iter_rows()]


@pytest.mark.parametrize("url", sorted(LISTS))
def test_export_matches_the_list_for_each_persona(client, demo, url):
    first_header, province = LISTS[url]
    client.force_login(User.objects.get(username="lamdong"))
    rows = xlsx_rows(client.get(url, {"export": "xlsx"}))
    assert rows[0][0] == first_header and len(rows) > 1
    assert any(province in row for row in rows[1:])
    page = client.get(url)
    assert len(rows) - 1 == page.context["paginator"].count
    client.force_login(User.objects.get(username="hanoi"))
    hanoi_rows = xlsx_rows(client.get(url, {"export": "xlsx"}))
    assert not any(province in row for row in hanoi_rows[1:])


def test_cluster_csv_export_applies_filters(client, demo):
    client.force_login(User.objects.get(username="lamdong"))
    response = client.get("/clusters/", {"export": "csv", "q": "thuan an"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert [row[1] for row in rows[1:]] == ["Thuận An"]
    assert rows[1][6] == "75.00"  # planned area, a real number (CSV keeps the machine form)
