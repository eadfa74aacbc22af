"""The public catalogue: readable without signing in, only PUBLIC_FIELDS, searchable, in two languages."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khuyencong.accounts.choices import OrganisationKind
from khuyencong.accounts.models import Organisation
from khuyencong.accounts.tests.factories import province
from khuyencong.clusters import services
from khuyencong.clusters.tests.factories import ClusterFactory, LandRecordFactory, decide
from khuyencong.geography.models import AdminUnit
from khuyencong.reports import catalogue

pytestmark = pytest.mark.django_db

TAX_CODE = "6400123456"
NOTE = "Ghi chú nội bộ không công bố"


@pytest.fixture
def clusters(geo):
    dak_nong, ha_noi = province("67", scheme="legacy"), province("01")
    investor = Organisation.objects.create(
        name="Công ty Hạ tầng Thuận An", kind=OrganisationKind.ENTERPRISE, tax_code=TAX_CODE
    )
    Organisation.objects.create(
        name="Sở Công Thương tỉnh Lâm Đồng", kind=OrganisationKind.DEPARTMENT, province=province("68")
    )
    free = ClusterFactory(
        name="Thuận An",
        code="DNO-01",
        province=dak_nong,
        is_published=True,
        note=NOTE,
        main_industries="Chế biến nông sản; cơ khí",
    )
    services.assign_investor(free, investor, since=date(2019, 1, 1))
    commune = AdminUnit.objects.filter(level="commune", province=dak_nong).order_by("code").first()
    free.communes.set([commune])
    LandRecordFactory(
        cluster=free, period_end=date(2024, 6, 14), industrial_land_ha=Decimal("30"), leased_ha=Decimal("5")
    )
    LandRecordFactory(
        cluster=free,
        period_end=date(2024, 12, 14),
        industrial_land_ha=Decimal("35.2"),
        leased_ha=Decimal("21.1"),
    )
    full = ClusterFactory(name="Đầy kín", province=dak_nong, is_published=True)
    LandRecordFactory(cluster=full, industrial_land_ha=Decimal("20"), leased_ha=Decimal("20"))
    hidden = ClusterFactory(name="Chưa công bố", province=dak_nong, is_published=False)
    LandRecordFactory(cluster=hidden, industrial_land_ha=Decimal("20"), leased_ha=Decimal("2"))
    no_land = ClusterFactory(name="Chưa có số liệu đất", province=dak_nong, is_published=True)
    revoked = ClusterFactory(name="Bị thu hồi", province=dak_nong, is_published=True)
    decide(revoked, "establishment", date(2020, 1, 1), area="40")
    decide(revoked, "revocation", date(2024, 1, 1))
    LandRecordFactory(cluster=revoked, industrial_land_ha=Decimal("20"), leased_ha=Decimal("2"))
    capital = ClusterFactory(name="Phùng Xá", code="HNO-03", province=ha_noi, is_published=True)
    LandRecordFactory(cluster=capital, industrial_land_ha=Decimal("10"), leased_ha=Decimal("4"))
    return {
        "free": free,
        "capital": capital,
        "full": full,
        "hidden": hidden,
        "no_land": no_land,
        "revoked": revoked,
    }


def names(response):
    return [row["name"] for row in response.context["rows"]]


def test_anonymous_sees_published_clusters_with_free_land(client, clusters):
    response = client.get("/catalogue/")
    assert response.status_code == 200
    assert sorted(names(response)) == ["Phùng Xá", "Thuận An"]
    row = next(r for r in response.context["rows"] if r["name"] == "Thuận An")
    assert row["free_ha"] == Decimal("14.10") and row["industrial_land_ha"] == Decimal("35.20")
    assert row["land_as_of"] == date(2024, 12, 14)  # the newest land record
    assert (row["province"], row["former_province"]) == ("Lâm Đồng", "Đắk Nông")
    assert row["investor"] == "Công ty Hạ tầng Thuận An"
    assert row["contact"] == "Sở Công Thương tỉnh Lâm Đồng"
    assert row["communes"] == clusters["free"].communes.get().name
    html = response.content.decode()
    assert "14,10 ha" in html and "Thuận An" in html


def test_no_field_outside_public_fields_is_rendered(client, clusters):
    free = clusters["free"]
    html = client.get("/catalogue/").content.decode()
    data = client.get("/catalogue/data.json").json()
    for text in (html, str(data)):
        assert TAX_CODE not in text and NOTE not in text
        assert f"/clusters/{free.pk}/" not in text and "search_text" not in text
        assert "Chưa công bố" not in text
    assert data["fields"] == list(catalogue.PUBLIC_KEYS)
    assert all(list(row) == list(catalogue.PUBLIC_KEYS) for row in data["results"])
    assert data["count"] == 2
    for row in catalogue.rows(catalogue.published_clusters()):
        assert tuple(row) == catalogue.PUBLIC_KEYS
    # The table has exactly one column per public field.
    table = html.split('<table id="catalogue">')[1].split("</table>")[0]
    header, body = table.split("</thead>")
    assert len(re.findall(r"<th[ >]", header)) == len(catalogue.PUBLIC_FIELDS)
    first_row = body.split("</tr>")[0]
    assert len(re.findall(r"<t[dh][ >]", first_row)) == len(catalogue.PUBLIC_FIELDS)


def test_search_ignores_diacritics_and_the_province_filter_includes_former_provinces(client, clusters):
    assert names(client.get("/catalogue/", {"q": "thuan an"})) == ["Thuận An"]
    assert names(client.get("/catalogue/", {"q": "CHE BIEN NONG SAN"})) == ["Thuận An"]
    assert names(client.get("/catalogue/", {"province": "68"})) == ["Thuận An"]  # today's Lâm Đồng
    assert names(client.get("/catalogue/", {"province": "01"})) == ["Phùng Xá"]
    assert names(client.get("/catalogue/", {"province": "01", "q": "thuan"})) == []
    data = client.get("/catalogue/data.json", {"q": "phung xa"}).json()
    assert [row["name"] for row in data["results"]] == ["Phùng Xá"] and data["results"][0][
        "free_ha"
    ] == "6.00"
    assert client.get("/catalogue/data.json", {"province": "zz"}).status_code == 400


def test_language_switch_works_without_signing_in(client, clusters):
    html = client.get("/catalogue/").content.decode()
    assert '<html lang="vi">' in html and 'name="language"' in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/catalogue/"})
    assert response.status_code == 302 and response["Location"] == "/catalogue/"
    html = client.get("/catalogue/").content.decode()
    assert '<html lang="en">' in html and "Industrial clusters with land for lease" in html


def test_query_count_does_not_grow_with_the_rows(client, clusters):
    with CaptureQueriesContext(connection) as few:
        client.get("/catalogue/")
    ha_noi = province("01")
    for i in range(8):
        cluster = ClusterFactory(province=ha_noi, is_published=True, code=f"HNO-X{i}")
        LandRecordFactory(cluster=cluster, industrial_land_ha=Decimal("10"), leased_ha=Decimal("1"))
    with CaptureQueriesContext(connection) as many:
        response = client.get("/catalogue/")
    assert len(names(response)) == 10
    assert len(many) == len(few)


def test_pages_of_fifty(client, clusters):
    ha_noi = province("01")
    for i in range(55):
        cluster = ClusterFactory(province=ha_noi, is_published=True, code=f"HNO-P{i}")
        LandRecordFactory(cluster=cluster, industrial_land_ha=Decimal("10"), leased_ha=Decimal("1"))
    first = client.get("/catalogue/")
    second = client.get("/catalogue/", {"page": 2})
    assert len(names(first)) == 50 and len(names(second)) == 7
    assert not set(names(first)) & set(names(second))
