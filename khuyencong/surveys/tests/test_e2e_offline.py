"""Browser test on a small phone screen: the survey screen keeps two surveys (with a photo and a GPS
position) while offline, sends them when the signal returns, and a resend of the batch adds nothing."""

import io
from datetime import date

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
# Read the phone's queue and post the whole batch to the sync endpoint again.
RESEND = """async () => {
    const db = await new Promise((ok) => {
        const r = indexedDB.open("khuyencong-surveys", 1);
        r.onsuccess = () => ok(r.result);
    });
    const items = await new Promise((ok) => {
        const r = db.transaction("queue").objectStore("queue").getAll();
        r.onsuccess = () => ok(r.result);
    });
    const config = JSON.parse(document.getElementById("collect-config").textContent);
    const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
    const submissions = items.map((i) => ({
        client_uuid: i.client_uuid, form: i.form, facility: i.facility, base_version: i.base_version,
        commune: i.commune, answers: i.answers,
    }));
    const response = await fetch(config.syncUrl, {
        method: "POST",
        body: JSON.stringify({submissions}),
        headers: {"Content-Type": "application/json", "X-CSRFToken": token},
    });
    return (await response.json()).results.map((r) => r.result);
}"""


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def test_offline_surveys_arrive_once(live_server, browser, geo, settings, tmp_path):
    from khuyencong.accounts.tests.factories import PersonaFactory
    from khuyencong.facilities.tests.factories import FacilityFactory
    from khuyencong.surveys import services
    from khuyencong.surveys.models import Collaborator
    from khuyencong.surveys.reference import load

    settings.MEDIA_ROOT = tmp_path
    load()
    personas = PersonaFactory()
    collaborator = Collaborator.objects.create(
        full_name="H'Niê Hoa",
        user=personas.collaborator,
        province=personas.lam_dong,
        active_from=date(2025, 7, 1),
    )
    services.assign_commune(collaborator, personas.commune, actor=None, valid_from=date(2025, 7, 1))
    facility = FacilityFactory(
        name="Cơ sở Mộc Đạ Huoai", province=personas.lam_dong, commune=personas.commune
    )

    context = browser.new_context(
        locale="vi-VN",
        viewport=PHONE,
        geolocation={"latitude": 11.9404, "longitude": 108.4583, "accuracy": 15},
        permissions=["geolocation"],
    )
    try:
        run(context, live_server, personas, facility)
    finally:
        context.close()


def run(context, live_server, personas, facility):
    from khuyencong.accounts.tests.factories import PASSWORD
    from khuyencong.surveys.models import ResponsePhoto, SurveyResponse

    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "ctv")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/surveys/collect/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_selector("#position[data-located]")

    # No signal from here on; the screen still opens from the service worker's cache.
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("#connection.offline")
    need_form = page.locator("#form-select option", has_text="nhu cầu").get_attribute("value")

    # Survey 1: a new establishment, with a photo (compressed on the phone).
    page.select_option("#form-select", need_form)
    page.select_option("#facility-select", "")
    page.select_option("#commune-select", str(personas.commune.pk))
    page.wait_for_selector("#position[data-located]")
    page.fill("#f_facility_name", "Cơ sở Dệt Thổ cẩm Bon Đăng")
    page.select_option("#f_kind", "household")
    page.fill("#f_products", "Thổ cẩm")
    page.fill("#f_workers", "7")
    assert page.locator("[data-field=support_kind]").is_hidden()  # skip logic
    page.select_option("#f_wants_support", "true")
    page.select_option("#f_support_kind", "machinery")
    page.fill("#f_equipment_wanted", "Khung dệt")
    page.set_input_files(
        "#f_workshop_photo", {"name": "xuong.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.click("#save-survey")
    page.wait_for_selector("#queue li[data-state=waiting]")

    # Survey 2: a registered establishment; a required answer left out is refused first.
    page.select_option("#form-select", need_form)
    page.select_option("#facility-select", str(facility.pk))
    page.fill("#f_facility_name", facility.name)
    page.select_option("#f_kind", "household")
    page.fill("#f_workers", "9")
    page.select_option("#f_wants_support", "false")
    page.click("#save-survey")
    assert page.locator("[data-field=products] .field-error").is_visible()
    page.fill("#f_products", "Bàn ghế")
    page.click("#save-survey")
    expect(page.locator("#queue li[data-state=waiting]")).to_have_count(2)
    assert SurveyResponse.objects.count() == 0

    # Signal returns: both are sent, once each.
    context.set_offline(False)
    expect(page.locator("#queue li[data-state=sent]")).to_have_count(2, timeout=20000)
    assert SurveyResponse.objects.count() == 2
    new = SurveyResponse.objects.get(facility=None)
    assert new.answers["facility_name"] == "Cơ sở Dệt Thổ cẩm Bon Đăng" and new.commune == personas.commune
    assert float(new.latitude) == pytest.approx(11.9404) and new.submitted_by == personas.collaborator
    photo = ResponsePhoto.objects.get(response=new)
    stored = photo.image.read()
    assert stored.startswith(b"\xff\xd8") and len(stored) < len(png_bytes())  # compressed to JPEG
    known = SurveyResponse.objects.get(facility=facility)
    assert known.base_version is not None and known.status == "received"

    # The same batch sent again (a phone that never got the answer) adds nothing.
    results = page.evaluate(RESEND)
    assert results == ["existing", "existing"]
    assert SurveyResponse.objects.count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    assert errors == []
