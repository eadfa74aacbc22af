"""The register's API: same scoping, filters and services as the pages."""

import pytest

from ..models import Correspondence

pytestmark = pytest.mark.django_db
API = "/api/v1/correspondence/"


def rows(response):
    assert response.status_code == 200, response.content
    return {row["number"] for row in response.json()["results"]}


def test_list_and_detail_are_scoped(client, personas, world):
    client.force_login(personas.hanoi)
    assert rows(client.get(API + "documents/")) == {"77/SCT-QLCN"}
    assert client.get(API + f"documents/{world['ask'].pk}/").status_code == 404
    assert client.get(API + "links/").json()["count"] == 1
    client.force_login(personas.lamdong)
    # the mirrored decision reads through: number and date come from the decision
    assert rows(client.get(API + "documents/", {"q": "thanh lap"})) == {"2156/QĐ-UBND"}
    data = client.get(API + f"documents/{world['decision'].register_entry.pk}/").json()
    assert (data["number"], data["issued_on"], data["cluster_decision"]) == (
        "2156/QĐ-UBND",
        "2018-12-20",
        world["decision"].pk,
    )
    assert rows(client.get(API + "documents/", {"reply": "overdue"})) == {"2150/BCT-CTĐP"}


def test_create_update_and_refusals(client, personas, world):
    client.force_login(personas.lamdong)
    body = {
        "direction": "outgoing",
        "kind": "letter",
        "number": "901/SCT-QLCN",
        "issued_on": "2026-03-19",
        "issuing_body_name": "Sở Công Thương tỉnh Lâm Đồng",
        "summary": "Trả lời",
        "in_reply_to": world["ask"].pk,
        "province": personas.lam_dong.pk,
    }
    response = client.post(API + "documents/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["answered"] is False
    assert Correspondence.objects.get(number="901/SCT-QLCN").in_reply_to == world["ask"]
    # into another province: refused, nothing saved
    response = client.post(
        API + "documents/",
        {**body, "number": "902/X", "province": personas.ha_noi.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "province" in response.json()
    assert not Correspondence.objects.filter(number="902/X").exists()
    # an incoming document answers nothing
    response = client.post(
        API + "documents/", {**body, "direction": "incoming"}, content_type="application/json"
    )
    assert response.status_code == 400 and "in_reply_to" in response.json()
    # a mirrored decision's number is written on the decision, not here
    mirrored = world["decision"].register_entry
    response = client.patch(
        API + f"documents/{mirrored.pk}/", {"number": "1/F"}, content_type="application/json"
    )
    assert response.status_code == 400 and "number" in response.json()
    response = client.patch(
        API + f"documents/{mirrored.pk}/", {"province": personas.ha_noi.pk}, content_type="application/json"
    )
    assert response.status_code == 400 and "province" in response.json()
    response = client.patch(
        API + f"documents/{mirrored.pk}/", {"summary": "Thành lập"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["number"] == "2156/QĐ-UBND"
    # entries are not deleted through the API
    assert client.delete(API + f"documents/{mirrored.pk}/").status_code == 405
    # central reads but does not write
    client.force_login(personas.central)
    response = client.patch(
        API + f"documents/{world['ask'].pk}/", {"summary": "x"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_links_through_the_api(client, personas, world):
    client.force_login(personas.lamdong)
    ask = world["ask"]
    response = client.post(
        API + "links/",
        {"correspondence": ask.pk, "cluster_decision": world["decision"].pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["target_kind"] == "cluster_decision"
    response = client.post(
        API + "links/",
        {"correspondence": ask.pk, "cluster": world["thuan_an"].pk, "cluster_decision": world["decision"].pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    # Hà Nội's cluster is not visible to the Lâm Đồng officer
    response = client.post(
        API + "links/",
        {"correspondence": ask.pk, "cluster": world["ngoc_hoi"].pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    link = ask.links.get(cluster_decision=world["decision"])
    client.force_login(personas.hanoi)
    assert client.delete(API + f"links/{link.pk}/").status_code == 404
    client.force_login(personas.lamdong)
    assert client.delete(API + f"links/{link.pk}/").status_code == 204
