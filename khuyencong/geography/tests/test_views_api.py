import pytest

pytestmark = pytest.mark.django_db


def test_pages_need_login(client):
    for url in ["/geography/", "/geography/search/", "/api/v1/geography/units/"]:
        response = client.get(url)
        assert response.status_code in (302, 401, 403), url


def test_province_list_in_vietnamese_and_searchable(client, personas):
    client.force_login(personas.lamdong)
    page = client.get("/geography/", {"q": "dak nong", "date": "2025-06-30"}).content.decode()
    assert "Đắk Nông" in page and "Hà Nội" not in page
    page = client.get("/geography/").content.decode()
    assert "34 tỉnh/thành phố" in page


def test_unit_detail_shows_successor(client, personas):
    client.force_login(personas.hanoi)
    response = client.get(f"/geography/{personas.dak_nong.pk}/")
    assert "Lâm Đồng" in response.content.decode()


def test_search_page_htmx_returns_rows_only(client, personas):
    client.force_login(personas.hanoi)
    response = client.get("/geography/search/", {"q": "ba dinh", "level": "commune"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Ba Đình" in body and "<html" not in body


def test_api_units_filters_and_pagination(client, personas):
    client.force_login(personas.central)
    data = client.get("/api/v1/geography/units/", {"level": "province", "valid_on": "2025-06-30"}).json()
    assert data["count"] == 63 and len(data["results"]) == 50
    data = client.get("/api/v1/geography/units/", {"level": "province", "q": "DAK NONG"}).json()
    assert {r["code"] for r in data["results"]} == {"67"}


def test_api_token_auth_and_detail(client, personas):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=personas.investor)
    response = client.get(
        f"/api/v1/geography/units/{personas.dak_nong.pk}/", HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert response.status_code == 200
    assert [s["name"] for s in response.json()["successors"]] == ["Lâm Đồng"]


def test_api_is_read_only(client, personas):
    client.force_login(personas.admin)
    response = client.post("/api/v1/geography/units/", {"code": "99"}, content_type="application/json")
    assert response.status_code == 405


def test_api_list_uses_fixed_number_of_queries(client, personas, django_assert_max_num_queries):
    client.force_login(personas.central)
    with django_assert_max_num_queries(6):
        client.get("/api/v1/geography/units/", {"level": "commune", "page_size": 500})


def test_openapi_schema(client, personas):
    client.force_login(personas.central)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/geography/units/" in schema["paths"]
