"""The organisation list's table (accounts/tables.py): cells escaped, linked and translated."""

from datetime import date

import pytest

from khuyencong.accounts.choices import OrganisationKind
from khuyencong.accounts.tests.factories import OrganisationFactory
from khuyencong.core.tests.html import in_order

pytestmark = pytest.mark.django_db


def row_of(page, marker):
    """The `<tr>` of the list that holds `marker`."""
    at = page.index(marker)
    return page[page.rindex("<tr", 0, at) : page.index("</tr>", at)]


def test_row_shows_link_kind_province_and_validity(client, personas):
    org = OrganisationFactory(
        name='Công ty <Hạ tầng> & "Lâm Đồng"',
        kind=OrganisationKind.ENTERPRISE,
        province=personas.lam_dong,
        valid_from=date(2020, 1, 5),
    )
    OrganisationFactory(
        name="Sở không tỉnh", kind=OrganisationKind.DEPARTMENT, province=None, valid_to=date(2024, 1, 1)
    )
    client.force_login(personas.central)
    page = client.get("/accounts/organisations/").content.decode()
    row = row_of(page, "Công ty &lt;Hạ tầng&gt;")
    assert (
        f'<td><a href="/accounts/organisations/{org.pk}/">'
        "Công ty &lt;Hạ tầng&gt; &amp; &quot;Lâm Đồng&quot;</a></td>" in row
    )
    assert "<td>Doanh nghiệp</td><td>Lâm Đồng</td><td>05/01/2020 – nay</td>" in row
    assert "<td>Sở Công Thương</td><td>—</td><td>… – 01/01/2024</td>" in row_of(page, "Sở không tỉnh")
    assert in_order(page, ["Tên", "Loại", "Tỉnh", "Hiệu lực"])

    client.cookies["django_language"] = "en"
    page = client.get("/accounts/organisations/", HTTP_HX_REQUEST="true").content.decode()
    assert "<td>Enterprise</td><td>Lâm Đồng</td><td>05/01/2020 – now</td>" in row_of(page, "Hạ tầng")
    assert in_order(page, ["Name", "Kind", "Province", "Valid"])


def test_nothing_found_row(client, personas):
    client.force_login(personas.central)
    page = client.get("/accounts/organisations/", {"q": "zzzz qqqq"}).content.decode()
    assert (
        '<td colspan="4">Không có kết quả nào khớp với bộ lọc này. <a href="?">Bỏ mọi bộ lọc</a></td>' in page
    )
    client.cookies["django_language"] = "en"
    page = client.get("/accounts/organisations/", {"q": "zzzz qqqq"}).content.decode()
    assert '<td colspan="4">Nothing matches these filters. <a href="?">Clear the filters</a></td>' in page
