"""The administrative unit search's table (geography/tables.py): cells escaped, linked and translated."""

import pytest

from khuyencong.core.tests.html import in_order
from khuyencong.geography.models import AdminUnit

pytestmark = pytest.mark.django_db


def row_of(page, marker):
    """The `<tr>` of the list that holds `marker`."""
    at = page.index(marker)
    return page[page.rindex("<tr", 0, at) : page.index("</tr>", at)]


def test_rows_show_code_link_level_province_and_validity(client, personas):
    current = AdminUnit.objects.get(scheme="2025", level="commune", code="00004")  # Phường Ba Đình
    legacy = AdminUnit.objects.get(scheme="legacy", level="district", code="001")  # Quận Ba Đình
    client.force_login(personas.hanoi)
    page = client.get("/geography/search/", {"q": "ba dinh"}).content.decode()
    assert (
        f'<tr><td>00004</td><td><a href="/geography/{current.pk}/">Phường Ba Đình</a></td>'
        "<td>Xã</td><td>Hà Nội</td><td>01/07/2025 – nay</td></tr>" in page
    )
    assert (
        f'<tr><td>001</td><td><a href="/geography/{legacy.pk}/">Quận Ba Đình</a></td>'
        "<td>Cấp huyện</td><td>Hà Nội</td><td>01/01/2004 – 30/06/2025</td></tr>" in page
    )
    assert in_order(page, ["Mã", "Tên", "Cấp", "Tỉnh", "Hiệu lực"])

    client.cookies["django_language"] = "en"
    page = client.get("/geography/search/", {"q": "ba dinh"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<td>Commune</td><td>Hà Nội</td><td>01/07/2025 – now</td>" in row_of(page, "<td>00004</td>")
    assert "<td>District</td>" in row_of(page, "Quận Ba Đình")
    assert in_order(page, ["Code", "Name", "Level", "Province", "Valid"])


def test_names_are_escaped(client, personas):
    unit = AdminUnit.objects.get(scheme="2025", level="commune", code="00004")
    AdminUnit.objects.filter(pk=unit.pk).update(full_name="Phường <Ba> & Đình", search_text="zzphuong")
    client.force_login(personas.hanoi)
    page = client.get("/geography/search/", {"q": "zzphuong"}).content.decode()
    assert f'<a href="/geography/{unit.pk}/">Phường &lt;Ba&gt; &amp; Đình</a>' in page


def test_nothing_found_row(client, personas):
    client.force_login(personas.hanoi)
    page = client.get("/geography/search/", {"q": "zzzz qqqq"}).content.decode()
    assert (
        '<td colspan="5">Không có kết quả nào khớp với bộ lọc này. <a href="?">Bỏ mọi bộ lọc</a></td>' in page
    )
    client.cookies["django_language"] = "en"
    page = client.get("/geography/search/", {"q": "zzzz qqqq"}).content.decode()
    assert '<td colspan="5">Nothing matches these filters. <a href="?">Clear the filters</a></td>' in page
