"""The inspection and recommendation lists' tables (inspections/tables.py): escaped cells, the detail
links, overdue rows and badges, choice labels in both languages, the "nothing found" row."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from khuyencong.accounts.tests.factories import OrganisationFactory
from khuyencong.core.tests.html import in_order
from khuyencong.facilities.tests.factories import FacilityFactory
from khuyencong.inspections import services
from khuyencong.inspections.choices import VisitLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(personas):
    facility = FacilityFactory(name="Cơ sở <Mộc> & Co", province=personas.lam_dong, commune=personas.commune)
    return services.create_inspection(
        actor=personas.lamdong,
        title='Kiểm tra <cơ sở> & "A"',
        level=VisitLevel.PROVINCE_FACILITY,
        province=personas.lam_dong,
        facility=facility,
        start_date=date(2025, 9, 1),
        end_date=date(2025, 9, 3),
    )


def row_of(page, marker):
    """The table row holding `marker` (the overdue box above the table links the same pages)."""
    page = page[page.index("<tbody>") :]
    row = page[page.rindex("<tr", 0, page.index(marker)) :]
    return row[: row.index("</tr>")]


def test_inspection_list_rows(client, personas, visit):
    client.force_login(personas.lamdong)
    url = reverse("inspections:list")
    page = client.get(url).content.decode()
    row = row_of(page, "Kiểm tra &lt;cơ sở&gt;")
    assert (
        f'<td><a href="/inspections/{visit.pk}/">Kiểm tra &lt;cơ sở&gt; &amp; &quot;A&quot;</a></td>'
        "<td>Tỉnh → cơ sở</td><td>Cơ sở &lt;Mộc&gt; &amp; Co</td><td>01/09/2025 – 03/09/2025</td>"
        "<td>Đã lên kế hoạch</td>" in row
    )
    assert in_order(page, ["Loại kiểm tra"])
    assert (
        '<td colspan="5">Không có kết quả nào khớp với bộ lọc này. <a href="?">Bỏ mọi bộ lọc</a></td>'
        in client.get(url, {"q": "zzzz"}).content.decode()
    )
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert in_order(page, ["Kind of visit"])
    assert "<td>Province → establishment</td>" in page and "<td>Planned</td>" in page
    assert (
        '<td colspan="5">Nothing matches these filters. <a href="?">Clear the filters</a></td>'
        in client.get(url, {"q": "zzzz"}).content.decode()
    )


def test_recommendation_list_rows(client, personas, visit):
    finding = services.add_finding(visit, actor=personas.lamdong, text="Thiếu biển", severity="minor")
    late = services.add_recommendation(
        actor=personas.lamdong,
        finding=finding,
        text="Gắn biển <b> & " + "x" * 130,
        addressee_name="Cơ sở <A>",
        deadline=date.today() - timedelta(days=2),
    )
    on_time = services.add_recommendation(
        actor=personas.lamdong,
        finding=finding,
        text="Sửa máy",
        addressee=OrganisationFactory(name="Sở & Công"),
        deadline=date(2099, 1, 31),
    )
    client.force_login(personas.lamdong)
    url = reverse("inspections:recommendation-list")
    page = client.get(url).content.decode()
    assert '<div class="table-wrap"><table><thead>' in page
    row = row_of(page, f"/inspections/recommendations/{late.pk}/")
    assert row.startswith('<tr class="overdue">')
    assert (
        f'<a href="/inspections/recommendations/{late.pk}/">Gắn biển &lt;b&gt; &amp; {"x" * 104}…</a>' in row
    )
    assert "<td>Cơ sở &lt;A&gt;</td>" in row
    assert '<td>Mở <span class="badge-overdue">quá hạn</span></td>' in row
    row = row_of(page, f"/inspections/recommendations/{on_time.pk}/")
    assert row.startswith("<tr><td>")
    assert "<td>Sở &amp; Công</td><td>31/01/2099</td><td>Mở</td>" in row
    empty = client.get(url, {"status": "closed"}).content.decode()
    assert (
        '<td colspan="4">Không có kết quả nào khớp với bộ lọc này. <a href="?">Bỏ mọi bộ lọc</a></td>'
        in empty
    )
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert in_order(page, ["Recommendation"])
    assert '<td>Open <span class="badge-overdue">overdue</span></td>' in page
    assert (
        '<td colspan="4">Nothing matches these filters. <a href="?">Clear the filters</a></td>'
        in client.get(url, {"status": "closed"}).content.decode()
    )
