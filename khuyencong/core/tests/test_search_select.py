"""Long choice lists are searched, not sent whole (core/widgets.py), and the search keeps to the scope.

The reference data of the tests already has every commune of both schemes (13,000), longer than
`FULL_LIST_LIMIT`: the establishment form's commune is a search. Short lists stay ordinary selects.
"""

import re

import pytest

from khuyencong.core import widgets
from khuyencong.facilities.models import Facility
from khuyencong.facilities.tests.factories import FacilityFactory
from khuyencong.geography.models import AdminUnit

pytestmark = pytest.mark.django_db

LOOKUP = "/lookup/programs.ProjectForm/beneficiaries/"


def options(html, name):
    """[(value, label, selected)] of the select called `name` in a page."""
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert match, name
    return option_list(match.group(1))


def option_list(html):
    return [
        (value, label.strip(), "selected" in attrs)
        for value, attrs, label in re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', html)
    ]


def test_a_long_list_is_sent_as_a_search_with_only_the_chosen_record(client, personas):
    commune = personas.commune
    client.force_login(personas.lamdong)
    page = client.get("/facilities/new/").content.decode()
    assert [value for value, _label, _selected in options(page, "commune")] == [""]
    assert 'hx-get="/lookup/facilities.FacilityForm/commune/?name=commune"' in page
    assert len(page) < 60_000  # every commune of the country made it 670 KB

    facility = FacilityFactory(province=personas.lam_dong, commune=commune)
    page = client.get(f"/facilities/{facility.pk}/edit/").content.decode()
    assert options(page, "commune")[1:] == [(str(commune.pk), str(commune), True)]
    assert len(options(page, "commune")) == 2


def test_a_short_list_stays_a_full_select(client, personas, monkeypatch):
    client.force_login(personas.lamdong)
    provinces = AdminUnit.objects.filter(level="province").count()
    assert provinces <= widgets.FULL_LIST_LIMIT
    page = client.get("/facilities/new/").content.decode()
    assert len(options(page, "province")) == provinces + 1
    assert "/lookup/facilities.FacilityForm/province/" not in page
    # The province picker (geography/pickers.py) is a grouped full list whatever the limit: today's 34
    # provinces, then the former ones; a long list of another field becomes a search.
    monkeypatch.setattr(widgets, "FULL_LIST_LIMIT", provinces - 1)
    page = client.get("/facilities/new/").content.decode()
    assert len(options(page, "province")) == provinces + 1
    assert "/lookup/facilities.FacilityForm/province/" not in page
    assert "/lookup/facilities.FacilityForm/commune/" in page


def test_the_form_still_saves_and_validates_a_searched_choice(client, personas):
    client.force_login(personas.lamdong)
    data = {"name": "Cơ sở mây tre Đạ Huoai", "kind": "household", "province": personas.lam_dong.pk}
    response = client.post("/facilities/new/", {**data, "commune": personas.commune.pk, "workers": 3})
    assert response.status_code == 302
    assert Facility.objects.get(name=data["name"]).commune == personas.commune
    elsewhere = AdminUnit.objects.filter(level="commune", scheme="2025", province=personas.ha_noi).first()
    response = client.post("/facilities/new/", {**data, "name": "Khác", "commune": elsewhere.pk})
    assert response.status_code == 200
    # A commune of a province the officer does not cover: the domain's reference check refuses it.
    assert response.context["form"].errors["commune"] == [
        "Bạn không được lưu hồ sơ ngoài tỉnh hoặc tổ chức của mình."
    ]
    # Re-shown with the refused choice as the only option, selected: nothing else is sent.
    assert options(response.content.decode(), "commune")[1:] == [(str(elsewhere.pk), str(elsewhere), True)]


def test_lookup_finds_without_diacritics_and_keeps_to_the_users_scope(client, personas, monkeypatch):
    monkeypatch.setattr(widgets, "FULL_LIST_LIMIT", 1)
    ours = FacilityFactory(name="Hợp tác xã Dệt thổ cẩm Đắk Mil", province=personas.lam_dong)
    theirs = FacilityFactory(name="Hợp tác xã Dệt lụa Vạn Phúc", province=personas.ha_noi)
    client.force_login(personas.lamdong)
    found = option_list(client.get(LOOKUP, {"q": "hop tac xa det"}).content.decode())
    assert found == [(str(ours.pk), ours.name, False)]
    # Asking for a record of another province as "chosen" does not reveal it.
    html = client.get(LOOKUP, {"q": "det", "beneficiaries": [theirs.pk, ours.pk]}).content.decode()
    assert option_list(html) == [(str(ours.pk), ours.name, True)]
    assert theirs.name not in html

    client.force_login(personas.central)
    found = option_list(client.get(LOOKUP, {"q": "DỆT"}).content.decode())
    assert {value for value, _label, _selected in found} == {str(ours.pk), str(theirs.pk)}


def test_lookup_says_when_nothing_or_too_much_matches(client, personas, monkeypatch):
    FacilityFactory.create_batch(4, name="Cơ sở gốm Bát Tràng", province=personas.lam_dong)
    client.force_login(personas.lamdong)
    html = client.get(LOOKUP, {"q": "khong co ai ten nay"}).content.decode()
    assert option_list(html) == [("", "Nothing found: try another part of the name.", False)] or (
        "disabled" in html and len(option_list(html)) == 1
    )
    monkeypatch.setattr(widgets, "LOOKUP_RESULTS", 3)
    found = option_list(client.get(LOOKUP, {"q": "gom bat trang"}).content.decode())
    assert len(found) == 4 and found[-1][0] == ""  # three records, then "type more of the name"


def test_single_choice_lookup_keeps_the_empty_choice_first(client, personas):
    client.force_login(personas.lamdong)
    html = client.get(
        "/lookup/facilities.FacilityForm/commune/",
        {"q": personas.commune.name, "commune": personas.commune.pk},
    ).content.decode()
    found = option_list(html)
    assert found[0][0] == "" and not found[0][2]
    assert found[1] == (str(personas.commune.pk), str(personas.commune), True)


def test_lookup_refuses_unknown_forms_and_fields_and_anonymous_users(client, personas):
    assert client.get(LOOKUP, {"q": "a"})["Location"].startswith("/accounts/login/")
    client.force_login(personas.lamdong)
    assert client.get("/lookup/programs.NoSuchForm/beneficiaries/", {"q": "a"}).status_code == 404
    assert client.get("/lookup/programs.ProjectForm/title/", {"q": "a"}).status_code == 404
    assert client.get("/lookup/django.contrib.auth.forms.UserCreationForm/username/").status_code == 404
    assert client.post(LOOKUP, {"q": "a"}).status_code == 405


def test_new_dean_page_does_not_grow_with_the_register(client, personas, monkeypatch):
    """The central agency's new-đề án page listed every establishment of the country (9 MB at scale 1)."""
    monkeypatch.setattr(widgets, "FULL_LIST_LIMIT", 10)
    client.force_login(personas.central)
    FacilityFactory.create_batch(15, province=personas.lam_dong)
    small = len(client.get("/programs/new/").content.decode())
    FacilityFactory.create_batch(40, province=personas.lam_dong)
    page = client.get("/programs/new/").content.decode()
    assert len(page) == small
    assert options(page, "beneficiaries") == []


def test_plain_forms_built_for_a_user_search_the_same_way(client, personas, monkeypatch):
    """The đề án adjustment step (a plain form) listed every visible establishment as new beneficiaries."""
    monkeypatch.setattr(widgets, "FULL_LIST_LIMIT", 0)
    ours = FacilityFactory(name="Cơ sở rèn Phước Kiều", province=personas.lam_dong)
    FacilityFactory(name="Cơ sở rèn Đa Sỹ", province=personas.ha_noi)
    client.force_login(personas.lamdong)
    url = "/lookup/programs.AdjustmentForm/beneficiaries/"
    assert option_list(client.get(url, {"q": "ren"}).content.decode()) == [(str(ours.pk), ours.name, False)]
    from khuyencong.programs.forms import AdjustmentForm

    html = str(AdjustmentForm(user=personas.lamdong)["beneficiaries"])
    assert 'hx-get="/lookup/programs.AdjustmentForm/beneficiaries/?name=beneficiaries"' in html
    assert "<option" not in html


def test_lookup_only_searches_scoped_records_and_reference_data(client, personas):
    """The collaborator form lists user accounts to the officers who may open it; the lookup, open to
    every signed-in user, must not become a way to list accounts."""
    client.force_login(personas.investor)
    assert client.get("/lookup/surveys.CollaboratorForm/user/", {"q": "a"}).status_code == 404
    assert client.get("/lookup/facilities.FacilityForm/commune/", {"q": "mui ne"}).status_code == 200
    # A scoped model is searched within the asker's scope even where a form's queryset is wider.
    FacilityFactory(name="Cơ sở dệt Mỹ Nghiệp", province=personas.lam_dong)
    html = client.get(LOOKUP, {"q": "det my nghiep"}).content.decode()
    assert "Mỹ Nghiệp" not in html
