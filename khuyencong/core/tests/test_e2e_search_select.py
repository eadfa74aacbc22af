"""Browser test: an officer registers an establishment, finding its commune by typing (no diacritics)."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_finds_the_commune_by_typing_and_saves(live_server, page, geo):
    from khuyencong.accounts.tests.factories import PASSWORD, PersonaFactory
    from khuyencong.facilities.models import Facility

    personas = PersonaFactory()
    commune = personas.commune  # Phường Mũi Né, Lâm Đồng (2025 scheme)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "lamdong")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1")

    page.goto(live_server.url + "/facilities/new/")
    # Thirteen thousand communes are not sent: the select holds only the empty choice until one searches.
    assert page.locator("#id_commune option").count() == 1
    page.fill("#id_name", "Cơ sở chế biến cà phê Cầu Đất")
    page.select_option("#id_kind", value="household")
    page.select_option("#id_province", value=str(personas.lam_dong.pk))
    search = page.locator(".search-select input[type=search]").first
    search.fill("mui ne")  # "Phường Mũi Né", typed without diacritics
    page.wait_for_selector(f"#id_commune option[value='{commune.pk}']")
    page.select_option("#id_commune", value=str(commune.pk))
    page.fill("#id_workers", "4")
    page.click("main form button[type=submit]")
    page.wait_for_selector("h1:has-text('Cơ sở chế biến cà phê Cầu Đất')")
    saved = Facility.objects.get(name="Cơ sở chế biến cà phê Cầu Đất")
    assert saved.commune == commune
    assert errors == []
