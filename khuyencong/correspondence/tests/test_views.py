"""Register pages go through the scoping layer; every record page shows its documents."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from khuyencong.programs.tests.factories import project

from .. import services
from ..choices import Direction
from ..models import Correspondence, CorrespondenceLink
from .factories import entry

pytestmark = pytest.mark.django_db


def numbers(response):
    assert response.status_code == 200
    return {doc.ref_number for doc in response.context["object_list"]}


def test_each_persona_sees_only_its_province(client, personas, world):
    expected = {
        personas.lamdong: {"2150/BCT-CTĐP", "2156/QĐ-UBND"},
        personas.hanoi: {"77/SCT-QLCN"},
        personas.central: {"2150/BCT-CTĐP", "2156/QĐ-UBND", "77/SCT-QLCN"},
        personas.investor: set(),
        personas.collaborator: set(),
    }
    for user, visible in expected.items():
        client.force_login(user)
        assert numbers(client.get("/correspondence/")) == visible, user
    client.force_login(personas.hanoi)
    ask = world["ask"]
    for url in (
        f"/correspondence/{ask.pk}/",
        f"/correspondence/{ask.pk}/edit/",
        f"/correspondence/{ask.pk}/history/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/correspondence/{ask.pk}/edit/", {"summary": "x"}).status_code == 404
    client.force_login(personas.central)  # reads everything, edits nothing
    assert client.get(f"/correspondence/{ask.pk}/").status_code == 200
    assert client.get(f"/correspondence/{ask.pk}/edit/").status_code == 404


def test_list_filters_and_diacritic_free_search(client, personas, world):
    client.force_login(personas.lamdong)
    assert numbers(client.get("/correspondence/", {"q": "cong van dak nong"})) == {"2150/BCT-CTĐP"}
    assert numbers(client.get("/correspondence/", {"q": "thanh lap thuan an"})) == {"2156/QĐ-UBND"}
    assert numbers(client.get("/correspondence/", {"kind": "decision"})) == {"2156/QĐ-UBND"}
    assert numbers(client.get("/correspondence/", {"direction": "outgoing"})) == set()
    # date range reads through to the mirrored decision's date
    assert numbers(client.get("/correspondence/", {"date_from": "2018-01-01", "date_to": "2019-01-01"})) == {
        "2156/QĐ-UBND"
    }
    assert numbers(client.get("/correspondence/", {"reply": "overdue"})) == {
        "2150/BCT-CTĐP"
    }  # due 20/03/2026
    assert numbers(client.get("/correspondence/", {"cluster": world["thuan_an"].pk})) == {
        "2150/BCT-CTĐP",
        "2156/QĐ-UBND",
    }


def test_export_is_the_filtered_scoped_list(client, personas, world):
    client.force_login(personas.lamdong)
    response = client.get("/correspondence/", {"export": "csv", "q": "dak nong"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "2150/BCT-CTĐP" in text and "77/SCT-QLCN" not in text and "2156/QĐ-UBND" not in text


def test_detail_shows_links_reply_chain_and_mirror_note(client, personas, world):
    ask = world["ask"]
    answer = entry(personas.lam_dong, "812/SCT-QLCN", direction=Direction.OUTGOING, in_reply_to=ask)
    client.force_login(personas.lamdong)
    page = client.get(f"/correspondence/{ask.pk}/").content.decode()
    assert "CCN Thuận An" in page and f"/clusters/{world['thuan_an'].pk}/" in page
    assert "812/SCT-QLCN" in page and 'id="reply-button"' in page
    page = client.get(f"/correspondence/{answer.pk}/").content.decode()
    assert "2150/BCT-CTĐP" in page  # the chain up
    mirrored = world["decision"].register_entry
    page = client.get(f"/correspondence/{mirrored.pk}/").content.decode()
    assert 'id="mirror-note"' in page and f"/clusters/decisions/{world['decision'].pk}/edit/" in page


def test_create_edit_and_reply_through_the_form(client, personas, world):
    client.force_login(personas.lamdong)
    form = client.get("/correspondence/add/", {"reply_to": world["ask"].pk}).context["form"]
    assert form.initial["in_reply_to"] == world["ask"].pk and form.initial["direction"] == Direction.OUTGOING
    response = client.post(
        "/correspondence/add/",
        {
            "direction": "outgoing",
            "kind": "letter",
            "number": "900/SCT-QLCN",
            "issued_on": "2026-03-18",
            "issuing_body_name": "Sở Công Thương tỉnh Lâm Đồng",
            "summary": "Báo cáo hạ tầng cụm công nghiệp",
            "in_reply_to": world["ask"].pk,
            "province": personas.lam_dong.pk,
            "attachment": SimpleUploadedFile("cv.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    reply = Correspondence.objects.get(number="900/SCT-QLCN")
    assert reply.in_reply_to == world["ask"] and not Correspondence.objects.overdue(date(2026, 4, 1)).exists()
    assert reply.history.latest().history_user == personas.lamdong
    # the file is served only through the permission-checked view
    url = f"/files/correspondence/correspondence/{reply.pk}/attachment/"
    assert client.get(url).status_code == 200
    client.force_login(personas.hanoi)
    assert client.get(url).status_code == 404
    # a Hà Nội officer cannot file a document into Lâm Đồng
    response = client.post(
        "/correspondence/add/",
        {
            "direction": "incoming",
            "kind": "letter",
            "number": "1/X",
            "issued_on": "2026-03-18",
            "issuing_body_name": "UBND",
            "province": personas.lam_dong.pk,
        },
    )
    assert response.status_code == 200 and not Correspondence.objects.filter(number="1/X").exists()


def test_a_mirrored_entry_is_edited_in_the_register_but_its_number_on_the_decision(client, personas, world):
    mirrored = world["decision"].register_entry
    client.force_login(personas.lamdong)
    form = client.get(f"/correspondence/{mirrored.pk}/edit/").context["form"]
    assert {"number", "issued_on", "province"}.isdisjoint(form.fields) and "summary" in form.fields
    response = client.post(
        f"/correspondence/{mirrored.pk}/edit/",
        {
            "direction": "incoming",
            "kind": "decision",
            "summary": "Quyết định thành lập CCN Thuận An",
            "province": personas.ha_noi.pk,
            "number": "1/FORGED",
            "_history_version": form.initial.get("_history_version") or form["_history_version"].value(),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    mirrored.refresh_from_db()
    assert mirrored.number == "" and mirrored.ref_number == "2156/QĐ-UBND"
    assert mirrored.province == world["thuan_an"].province
    assert mirrored.subject == "Quyết định thành lập CCN Thuận An"


def test_links_are_added_and_removed_within_scope(client, personas, world):
    ask, ngoc_hoi = world["ask"], world["ngoc_hoi"]
    client.force_login(personas.lamdong)
    form = client.get(f"/correspondence/{ask.pk}/links/add/").context["form"]
    assert ngoc_hoi not in form.fields["cluster"].queryset  # Hà Nội's cluster is not on offer
    response = client.post(f"/correspondence/{ask.pk}/links/add/", {"cluster_decision": world["decision"].pk})
    assert response.status_code == 302
    response = client.post(f"/correspondence/{ask.pk}/links/add/", {})
    assert "đúng một hồ sơ" in response.content.decode()  # "Choose exactly one record …" in Vietnamese
    response = client.post(f"/correspondence/{ask.pk}/links/add/", {"cluster": ngoc_hoi.pk})
    assert response.status_code == 200 and not ask.links.filter(cluster=ngoc_hoi).exists()
    link = ask.links.get(cluster_decision=world["decision"])
    client.force_login(personas.hanoi)
    assert client.post(f"/correspondence/links/{link.pk}/delete/").status_code == 404
    client.force_login(personas.lamdong)
    assert client.post(f"/correspondence/links/{link.pk}/delete/").status_code == 302
    assert not CorrespondenceLink.objects.filter(pk=link.pk).exists()


def test_the_cluster_page_shows_its_documents_within_scope(client, personas, world):
    thuan_an = world["thuan_an"]
    client.force_login(personas.lamdong)
    page = client.get(f"/clusters/{thuan_an.pk}/").content.decode()
    section = page[page.index('id="documents"') :]
    assert "2150/BCT-CTĐP" in section and "2156/QĐ-UBND" in section and "77/SCT-QLCN" not in section
    # the investor sees the cluster of their own, but not the province's register
    client.force_login(personas.central)
    assert "2150/BCT-CTĐP" in client.get(f"/clusters/{thuan_an.pk}/").content.decode()


def test_the_de_an_page_shows_its_documents(client, personas, world, ref):
    de_an = project(personas.dak_nong)
    letter = entry(personas.lam_dong, "31/TTKC", summary="Báo cáo tiến độ đề án")
    services.add_link(letter, project=de_an)
    client.force_login(personas.lamdong)
    page = client.get(f"/programs/{de_an.pk}/").content.decode()
    section = page[page.index('id="documents"') :]
    assert "31/TTKC" in section and "2150/BCT-CTĐP" not in section


def test_documents_for_runs_a_bounded_number_of_queries(rf, personas, world, django_assert_max_num_queries):
    from django.template import Context, Template

    thuan_an = world["thuan_an"]
    request = rf.get("/")
    request.user = personas.lamdong
    template = Template("{% load correspondence %}{% documents_for object %}")
    template.render(Context({"request": request, "object": thuan_an}))  # warm the user's scope cache
    for n in range(25):
        services.add_link(entry(personas.lam_dong, f"{n}/CV-T"), cluster=thuan_an)
    with django_assert_max_num_queries(2):
        html = template.render(Context({"request": request, "object": thuan_an}))
    assert html.count("/correspondence/") >= 20 and "?cluster=" in html


@pytest.mark.parametrize("url", ["/correspondence/", "/api/v1/correspondence/documents/"])
def test_lists_use_a_fixed_number_of_queries(client, personas, world, url, django_assert_max_num_queries):
    client.force_login(personas.lamdong)
    with django_assert_max_num_queries(15) as few:
        assert client.get(url).status_code == 200
    for n in range(15):
        letter = entry(personas.lam_dong, f"{n}/CV-Q", issuing_body=personas.investor_org)
        letter.recipients.set([personas.investor_org])
        services.add_link(letter, cluster=world["thuan_an"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
