"""Beneficiary registry: duplicate detection ignoring diacritics, scoping of pages and API, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from khuyencong.facilities.models import Facility
from khuyencong.facilities.services import DuplicateFacility, find_duplicates, register_facility
from khuyencong.geography.models import AdminUnit

from .factories import FacilityFactory

pytestmark = pytest.mark.django_db


def communes(province, n=2):
    return list(AdminUnit.objects.filter(level="commune", province=province).order_by("code")[:n])


def test_duplicates_ignore_case_diacritics_and_spaces(personas):
    c1, c2 = communes(personas.lam_dong)
    existing = FacilityFactory(name="Hợp tác xã Cà phê Đắk Mil", province=personas.lam_dong, commune=c1)
    assert list(find_duplicates("hop tac xa  CA PHE dak mil", c1)) == [existing]
    assert list(find_duplicates("HỢP TÁC XÃ CÀ PHÊ ĐẮK MIL", c1)) == [existing]
    assert not find_duplicates("Hợp tác xã Cà phê Đắk Mil", c2).exists()  # another commune
    assert not find_duplicates("Hợp tác xã Cà phê Đắk Mil", c1, exclude_pk=existing.pk).exists()


def test_register_refuses_a_duplicate_unless_told(personas):
    c1, _ = communes(personas.lam_dong)
    register_facility(
        actor=personas.lamdong, name="Cơ sở Mộc Hòa", kind="household", province=personas.lam_dong, commune=c1
    )
    with pytest.raises(DuplicateFacility):
        register_facility(
            actor=personas.lamdong,
            name="co so moc hoa",
            kind="household",
            province=personas.lam_dong,
            commune=c1,
        )
    register_facility(
        actor=personas.lamdong,
        name="co so moc hoa",
        kind="household",
        province=personas.lam_dong,
        commune=c1,
        allow_duplicate=True,
    )
    assert Facility.objects.filter(name_key="co so moc hoa").count() == 2


def test_form_and_api_refuse_duplicates(client, personas):
    c1, _ = communes(personas.lam_dong)
    FacilityFactory(name="Cơ sở Gốm Đông", province=personas.lam_dong, commune=c1)
    client.force_login(personas.lamdong)
    data = {
        "name": "CO SO GOM DONG",
        "kind": "household",
        "province": personas.lam_dong.pk,
        "commune": c1.pk,
        "workers": 3,
    }
    response = client.post(reverse("facilities:create"), data)
    assert response.status_code == 200 and response.context["form"].errors
    api = APIClient()
    api.force_authenticate(personas.lamdong)
    response = api.post("/api/v1/facilities/", data, format="json")
    assert response.status_code == 400
    response = api.post("/api/v1/facilities/", {**data, "allow_duplicate": True}, format="json")
    assert response.status_code == 201


def test_scoping_pages_and_api(client, personas):
    lam = FacilityFactory(province=personas.lam_dong)
    hn = FacilityFactory(province=personas.ha_noi)
    client.force_login(personas.hanoi)
    for name in ("facilities:detail", "facilities:update", "facilities:history"):
        assert client.get(reverse(name, args=[lam.pk])).status_code == 404
    assert client.get(reverse("facilities:detail", args=[hn.pk])).status_code == 200
    assert [f.pk for f in client.get(reverse("facilities:list")).context["object_list"]] == [hn.pk]
    api = APIClient()
    api.force_authenticate(personas.hanoi)
    assert api.get(f"/api/v1/facilities/{lam.pk}/").status_code == 404
    assert api.patch(f"/api/v1/facilities/{lam.pk}/", {"workers": 1}, format="json").status_code == 404
    # Moving a record into another province is refused.
    response = api.patch(f"/api/v1/facilities/{hn.pk}/", {"province": personas.lam_dong.pk}, format="json")
    assert response.status_code == 400 and "province" in response.json()
    central = APIClient()
    central.force_authenticate(personas.central)
    assert central.get("/api/v1/facilities/").json()["count"] == 2
    assert central.patch(f"/api/v1/facilities/{lam.pk}/", {"workers": 1}, format="json").status_code == 403


def test_search_ignores_diacritics(client, personas):
    a = FacilityFactory(name="Cơ sở dệt thổ cẩm", province=personas.lam_dong)
    FacilityFactory(name="Xưởng cơ khí", province=personas.lam_dong)
    client.force_login(personas.lamdong)
    response = client.get(reverse("facilities:list"), {"q": "det tho cam"})
    assert [f.pk for f in response.context["object_list"]] == [a.pk]


def test_support_history_on_the_facility_page(client, personas):
    from khuyencong.programs.reference import load
    from khuyencong.programs.tests.factories import project

    load()
    p = project(personas.lam_dong)
    facility = p.beneficiaries.get()
    client.force_login(personas.lamdong)
    response = client.get(reverse("facilities:detail", args=[facility.pk]))
    assert [x.pk for x in response.context["projects"]] == [p.pk]


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("kind", ["page", "api"])
def test_list_query_count_does_not_grow(client, personas, kind):
    c1, _ = communes(personas.lam_dong)
    for _ in range(3):
        FacilityFactory(province=personas.lam_dong, commune=c1)
    if kind == "page":
        client.force_login(personas.lamdong)
        url = reverse("facilities:list")
    else:
        client = APIClient()
        client.force_authenticate(personas.lamdong)
        url = "/api/v1/facilities/"
    few = _count(client, url)
    for _ in range(27):
        FacilityFactory(province=personas.lam_dong, commune=c1)
    assert _count(client, url) == few
