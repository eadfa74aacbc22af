"""Browser test: a new user signs in and navigates, in Vietnamese, in headless Chromium."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_in_and_navigate_in_vietnamese(live_server, page, geo):
    from khuyencong.accounts.tests.factories import PASSWORD, PersonaFactory

    PersonaFactory()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    page.fill("#id_username", "lamdong")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Tổng quan')")
    page.click("#main-menu details:has(a[href='/geography/']) summary")
    page.click("#main-menu >> text=Đơn vị hành chính")
    page.fill("input[name=q]", "dak nong")
    page.fill("input[name=date]", "2025-06-30")
    page.click("text=Lọc")
    page.click("text=Đắk Nông")
    assert "Lâm Đồng" in page.locator("main").inner_text()
    # English is one click away.
    page.select_option("select[name=language]", "en")
    page.wait_for_selector("text=Replaced by")
    assert errors == []
