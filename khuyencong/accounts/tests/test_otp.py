"""Central-agency and admin accounts need a one-time code; province officers do not."""

import re
from base64 import b32decode
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from khuyencong.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def otp_on(settings):
    settings.OTP_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the throttle after a wrong code is tested by django-otp


def sign_in(client, username):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_province_officer_needs_no_second_factor(client, personas):
    sign_in(client, "lamdong")
    assert client.get("/geography/").status_code == 200


def test_central_user_enrols_an_authenticator_then_gets_in(client, personas):
    sign_in(client, "central")
    response = client.get("/geography/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/setup/")
    page = client.get(response["Location"]).content.decode()
    assert 'src="data:image/svg+xml' in page
    secret_url = unquote(re.search(r"<code[^>]*>([^<]+)</code>", page).group(1)).replace("&amp;", "&")
    secret = parse_qs(urlparse(secret_url).query)["secret"][0]
    device = TOTPDevice.objects.get(user=personas.central)
    assert b32decode(secret) == device.bin_key
    bad = client.post("/accounts/otp/setup/?next=/geography/", {"token": "000000", "next": "/geography/"})
    assert bad.status_code == 200 and client.get("/geography/").status_code == 302
    device.refresh_from_db()
    good = client.post("/accounts/otp/setup/", {"token": code_for(device), "next": "/geography/"})
    assert good.status_code == 302 and good["Location"] == "/geography/"
    assert client.get("/geography/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_enrolled_central_user_is_asked_for_a_code_and_api_sessions_are_refused(client, personas):
    device = TOTPDevice.objects.create(user=personas.central, name="app", confirmed=True)
    sign_in(client, "central")
    response = client.get("/accounts/organisations/")
    assert response["Location"].startswith("/accounts/otp/?next=")
    assert client.get("/api/v1/geography/units/").status_code == 403
    client.post("/accounts/otp/", {"token": code_for(device)})
    assert client.get("/api/v1/geography/units/").status_code == 200


def test_superuser_needs_it_too_and_external_next_is_ignored(client, personas):
    device = TOTPDevice.objects.create(user=personas.admin, name="app", confirmed=True)
    sign_in(client, "admin")
    assert client.get("/admin/").status_code == 302
    response = client.post("/accounts/otp/", {"token": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"
