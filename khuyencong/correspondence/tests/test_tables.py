"""The register's table (correspondence/tables.py): cells escaped, linked, translated, replies marked."""

from datetime import date

import pytest
from django.utils.html import escape

from khuyencong.clusters.tests.factories import ClusterFactory, decide
from khuyencong.core.tests.html import in_order

from ..choices import Direction, DocumentType
from .factories import entry

pytestmark = pytest.mark.django_db


def row_of(page, marker):
    """The `<tr>` of the list that holds `marker`."""
    at = page.index(marker)
    return page[page.rindex("<tr", 0, at) : page.index("</tr>", at)]


@pytest.fixture
def register(personas):
    ask = entry(
        personas.lam_dong,
        "2150/BCT-CTĐP",
        summary="Về việc <báo cáo> & hạ tầng " + "x" * 200,
        reply_by=date(2026, 3, 20),
    )
    reply = entry(
        personas.lam_dong,
        "12/SCT",
        direction=Direction.OUTGOING,
        kind=DocumentType.REPORT,
        summary="Trả lời",
        in_reply_to=ask,
    )
    late = entry(personas.lam_dong, "13/A", summary="Chưa trả lời", reply_by=date(2020, 1, 1))
    waiting = entry(
        personas.lam_dong, "14/B", summary="Chờ", reply_by=date(2099, 3, 20), issuing_body_name=""
    )
    decide(
        ClusterFactory(name="Thuận An", province=personas.dak_nong),
        "establishment",
        date(2018, 12, 20),
        number="2156/QĐ-UBND",
    )
    return {"ask": ask, "reply": reply, "late": late, "waiting": waiting}


def test_rows_show_every_column(client, personas, register):
    client.force_login(personas.lamdong)
    page = client.get("/correspondence/").content.decode()
    ask = row_of(page, "2150/BCT-CTĐP")
    assert (
        "<td>02/03/2026</td><td>Văn bản đến</td><td>Công văn</td>"
        f'<td><a href="/correspondence/{register["ask"].pk}/">2150/BCT-CTĐP</a></td>' in ask
    )
    prefix = "Về việc <báo cáo> & hạ tầng "
    summary = escape(f"{prefix}{'x' * (159 - len(prefix))}…")
    assert f"<td>{summary}</td>" in ask  # cut at 160 characters, then escaped
    assert '<td>Bộ Công Thương</td><td>20/03/2026 <span class="badge success">đã trả lời</span></td>' in ask
    assert "<td>Văn bản đi</td><td>Báo cáo</td>" in row_of(page, "12/SCT")
    assert row_of(page, "12/SCT").endswith("<td>—</td>")  # no reply-by date
    assert '<td>01/01/2020 <span class="badge-overdue">quá hạn</span></td>' in row_of(page, "13/A")
    assert "<td>—</td><td>20/03/2099</td>" in row_of(page, "14/B")  # no issuer, not yet due
    mirrored = row_of(page, "2156/QĐ-UBND")
    assert "<td>20/12/2018</td>" in mirrored and "<td>Thành lập — CCN Thuận An</td>" in mirrored
    assert in_order(page, ["Ngày", "Văn bản đến / đi", "Loại hình", "Số ký hiệu"])

    client.cookies["django_language"] = "en"
    page = client.get("/correspondence/", HTTP_HX_REQUEST="true").content.decode()
    ask = row_of(page, "2150/BCT-CTĐP")
    assert "<td>Incoming</td><td>Official letter (công văn)</td>" in ask
    assert '<span class="badge success">answered</span>' in ask
    assert '<span class="badge-overdue">overdue</span>' in row_of(page, "13/A")
    assert in_order(page, ["Date", "Direction", "Type", "Number and symbol"])


def test_nothing_found_row(client, personas):
    client.force_login(personas.lamdong)
    page = client.get("/correspondence/", {"q": "zzzz qqqq"}).content.decode()
    assert (
        '<td colspan="7">Không có kết quả nào khớp với bộ lọc này. <a href="?">Bỏ mọi bộ lọc</a></td>' in page
    )
    client.cookies["django_language"] = "en"
    page = client.get("/correspondence/", {"q": "zzzz qqqq"}).content.decode()
    assert '<td colspan="7">Nothing matches these filters. <a href="?">Clear the filters</a></td>' in page
