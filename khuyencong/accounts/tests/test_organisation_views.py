"""Organisation pages go through the scoping layer; edits are audited and cannot leave the scope."""

import re

import pytest

from khuyencong.accounts.models import Organisation
from khuyencong.accounts.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(personas):
    return {
        "lam_dong": OrganisationFactory(name="Công ty Hạ tầng Lâm Đồng", province=personas.lam_dong),
        "dak_nong": OrganisationFactory(name="Trung tâm Hạ tầng Đắk Nông", province=personas.dak_nong),
        "ha_noi": OrganisationFactory(name="Công ty Hạ tầng Hà Nội", province=personas.ha_noi),
    }


def test_list_shows_only_visible_and_searches_without_diacritics(client, personas, orgs):
    client.force_login(personas.lamdong)
    body = client.get("/accounts/organisations/", {"q": "ha tang"}).content.decode()
    assert "Công ty Hạ tầng Lâm Đồng" in body and "Trung tâm Hạ tầng Đắk Nông" in body
    assert "Hà Nội" not in body


def test_other_province_detail_and_edit_are_404(client, personas, orgs):
    client.force_login(personas.hanoi)
    assert client.get(f"/accounts/organisations/{orgs['lam_dong'].pk}/").status_code == 404
    assert client.get(f"/accounts/organisations/{orgs['lam_dong'].pk}/edit/").status_code == 404
    response = client.post(
        f"/accounts/organisations/{orgs['lam_dong'].pk}/edit/", {"name": "X", "kind": "other"}
    )
    assert response.status_code == 404
    assert Organisation.objects.get(pk=orgs["lam_dong"].pk).name == "Công ty Hạ tầng Lâm Đồng"


def test_central_sees_but_cannot_edit(client, personas, orgs):
    client.force_login(personas.central)
    assert client.get(f"/accounts/organisations/{orgs['ha_noi'].pk}/").status_code == 200
    assert client.get(f"/accounts/organisations/{orgs['ha_noi'].pk}/edit/").status_code == 404


def test_edit_is_recorded_in_history_on_the_detail_page(client, personas, orgs):
    client.force_login(personas.lamdong)
    org = orgs["dak_nong"]
    response = client.post(
        f"/accounts/organisations/{org.pk}/edit/",
        {
            "name": "Trung tâm Phát triển hạ tầng CCN Thuận An",
            "kind": "public_unit",
            "province": org.province_id,
        },
    )
    assert response.status_code == 302
    body = client.get(f"/accounts/organisations/{org.pk}/").content.decode()
    assert "Trung tâm Hạ tầng Đắk Nông" in body and "Trung tâm Phát triển hạ tầng CCN Thuận An" in body
    assert str(personas.lamdong) in body


def test_cannot_create_an_organisation_in_another_province(client, personas):
    client.force_login(personas.lamdong)
    response = client.post(
        "/accounts/organisations/add/",
        {"name": "Công ty lạ", "kind": "enterprise", "province": personas.ha_noi.pk},
    )
    assert response.status_code == 200
    assert "Bạn không được lưu hồ sơ ngoài tỉnh hoặc tổ chức của mình." in response.content.decode()
    assert not Organisation.objects.filter(name="Công ty lạ").exists()


def test_list_query_count_does_not_grow_with_rows(client, personas, django_assert_max_num_queries):
    client.force_login(personas.lamdong)
    for i in range(3):
        OrganisationFactory(name=f"Org {i}", province=personas.lam_dong)
    with django_assert_max_num_queries(12) as few:
        client.get("/accounts/organisations/")
    for i in range(30):
        OrganisationFactory(name=f"More {i}", province=personas.lam_dong)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/accounts/organisations/")


def test_second_concurrent_edit_is_refused_and_shows_the_other_change(client, personas, orgs):
    from django.test import Client

    org = orgs["lam_dong"]
    other = Client()
    client.force_login(personas.lamdong)
    other.force_login(personas.lamdong)
    form_page = client.get(f"/accounts/organisations/{org.pk}/edit/").content.decode()
    version = re.search(r'name="_history_version" value="(\d+)"', form_page).group(1)
    # A colleague saves first.
    other_form = other.get(f"/accounts/organisations/{org.pk}/edit/").content.decode()
    other_version = re.search(r'name="_history_version" value="(\d+)"', other_form).group(1)
    data = {
        "name": "Công ty Hạ tầng Lâm Đồng",
        "kind": "department",
        "province": org.province_id,
        "tax_code": "5800000001",
    }
    assert (
        other.post(
            f"/accounts/organisations/{org.pk}/edit/", {**data, "_history_version": other_version}
        ).status_code
        == 302
    )
    # The second save, based on the old version, is refused and names the colleague's change.
    response = client.post(
        f"/accounts/organisations/{org.pk}/edit/",
        {**data, "tax_code": "5800000002", "_history_version": version},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "5800000001" in body and "Người khác đã lưu hồ sơ này" in body
    assert Organisation.objects.get(pk=org.pk).tax_code == "5800000001"
    # Saving again from the refreshed form works.
    fresh = re.search(r'name="_history_version" value="(\d+)"', body).group(1)
    assert (
        client.post(
            f"/accounts/organisations/{org.pk}/edit/",
            {**data, "tax_code": "5800000002", "_history_version": fresh},
        ).status_code
        == 302
    )
    assert Organisation.objects.get(pk=org.pk).tax_code == "5800000002"
