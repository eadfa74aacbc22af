"""The list pages' tables (core/tables.py): what a row shows, escaped, linked, in both languages."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation
from django.utils.safestring import mark_safe

from khuyencong.accounts.tests.factories import OrganisationFactory
from khuyencong.clusters import services
from khuyencong.clusters.choices import InfrastructureKind, InfrastructureState
from khuyencong.clusters.tests.factories import ClusterFactory, InfrastructureFactory, LandRecordFactory
from khuyencong.core.tables import Column, Table
from khuyencong.core.tests.html import in_order
from khuyencong.geography.models import AdminUnit


class Row(SimpleNamespace):
    pass


class NoteTable(Table):
    detail_url = "clusters:detail"
    columns = (
        Column("Tên <riêng>", lambda r: r.name, link=True, after=lambda r: mark_safe(" <em>!</em>")),
        Column("Số", lambda r: r.amount, css="num"),
        Column("Ghi chú", lambda r: mark_safe(f"<b>{r.pk}</b>")),
    )

    def row_class(self, row):
        return "overdue" if row.amount is None else ""


def test_cells_are_escaped_unless_safe_and_linked_by_the_rows_key():
    html = str(NoteTable([Row(pk=7, name='<script>alert("x")</script> & Co', amount=None)]))
    assert "<th>Tên &lt;riêng&gt;</th>" in html
    assert '<th class="num">Số</th>' in html
    assert (
        '<tr class="overdue"><td><a href="/clusters/7/">'
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co</a> <em>!</em></td>" in html
    )
    assert '<td class="num"></td><td><b>7</b></td></tr>' in html
    assert "<script>" not in html


def test_no_rows_is_one_row_saying_so_in_the_active_language():
    with translation.override("vi"):
        assert '<td colspan="3">Không tìm thấy kết quả.</td>' in str(NoteTable([]))
    with translation.override("en"):
        assert '<td colspan="3">Nothing found.</td>' in str(NoteTable([]))


@pytest.mark.django_db
def test_cluster_list_row_shows_every_column_in_vietnamese_format(client, personas):
    communes = AdminUnit.objects.filter(scheme="legacy", level="commune", parent__code="67").order_by("code")[
        :2
    ]
    cluster = ClusterFactory(
        name="Cụm <Đắk> & Song", code="CCN-01", is_legacy=True, planned_area_ha=Decimal("89.61")
    )
    cluster.communes.set(communes)
    services.assign_investor(
        cluster, OrganisationFactory(name="Công ty A&B"), since=cluster.created_at.date()
    )
    LandRecordFactory(cluster=cluster, leased_ha=Decimal("15.00"), industrial_land_ha=Decimal("30.00"))
    InfrastructureFactory(
        cluster=cluster, kind=InfrastructureKind.WASTEWATER, state=InfrastructureState.OPERATING
    )
    client.force_login(personas.central)
    page = client.get("/clusters/").content.decode()
    row = page[page.index("<td>CCN-01</td>") :]
    row = row[: row.index("</tr>")]
    assert f'<a href="/clusters/{cluster.pk}/">Cụm &lt;Đắk&gt; &amp; Song</a>' in row
    assert '<span class="badge warning">trước đây</span>' in row
    assert ", ".join(c.name for c in communes) in row
    assert '<td class="num">89,61 ha</td>' in row
    assert "Công ty A&amp;B" in row
    assert '<td class="num">50,00 %</td>' in row
    assert "<td>Có</td>" in row
    assert in_order(page, ["Mã"])
    client.cookies["django_language"] = "en"
    page = client.get("/clusters/").content.decode()
    assert in_order(page, ["Code"]) and '<span class="badge warning">legacy</span>' in page
    assert "<td>Yes</td>" in page
