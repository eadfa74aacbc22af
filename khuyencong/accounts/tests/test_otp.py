"""Central-agency and admin accounts need a one-time code; province officers do not."""

import re
from base64 import b32decode
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from khuyencong.accounts.otp import SETUP_DEVICE_SESSION_KEY
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
    assert (
        good.status_code == 200
        and len(shown_codes(good)) == 10
        and 'href="/geography/"' in good.content.decode()
    )
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


# Issue #17, finding 1: the one-time code could be bypassed with the password alone, by enrolling a new
# authenticator on /accounts/otp/setup/ (exempt from the middleware) next to the confirmed one.


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def verify(client, device):
    return client.post("/accounts/otp/", {"token": code_for(device)})


def shown_codes(response):
    return re.findall(r'class="recovery-code">([^<]+)<', response.content.decode())


def enrol(client, user):
    """Enrol a first authenticator through the pages; returns (device, response of the confirmation)."""
    client.get("/accounts/otp/setup/")
    device = TOTPDevice.objects.get(user=user, confirmed=False, pk=client.session[SETUP_DEVICE_SESSION_KEY])
    return device, client.post("/accounts/otp/setup/", {"token": code_for(device), "next": "/geography/"})


def test_password_alone_cannot_enrol_a_second_authenticator(client, personas):
    original = enrolled(personas.central)
    sign_in(client, "central")
    response = client.get("/accounts/otp/setup/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/?next=")
    assert b"secret=" not in response.content
    assert list(TOTPDevice.objects.filter(user=personas.central)) == [original]
    # Whatever device the attacker could name, posting a code to the setup page lets nobody in.
    attacker = TOTPDevice.objects.create(user=personas.central, name="attacker", confirmed=False)
    client.post("/accounts/otp/setup/", {"token": code_for(attacker)})
    attacker.refresh_from_db()
    assert not attacker.confirmed
    assert client.get("/geography/").status_code == 302
    assert client.post("/accounts/profile/api-token/").status_code == 302
    from rest_framework.authtoken.models import Token

    assert not Token.objects.filter(user=personas.central).exists()


def test_setup_page_secret_is_not_shared_between_sessions(client, personas):
    """A first enrolment: the secret another session saw (an attacker with the password) is not reused."""
    from django.test import Client

    other = Client()
    sign_in(other, "central")
    other.get("/accounts/otp/setup/")
    seen_by_other = TOTPDevice.objects.get(user=personas.central, confirmed=False)
    sign_in(client, "central")
    device, response = enrol(client, personas.central)
    assert device.pk != seen_by_other.pk
    assert response.status_code == 200 and len(shown_codes(response)) == 10
    # Confirming one device removes the other sessions' unconfirmed ones.
    assert list(TOTPDevice.objects.filter(user=personas.central)) == [device]


def test_verified_session_replaces_its_authenticator(client, personas):
    old = enrolled(personas.central)
    sign_in(client, "central")
    verify(client, old)
    page = client.get("/accounts/otp/setup/")
    assert page.status_code == 200 and b"secret=" in page.content
    new = TOTPDevice.objects.get(user=personas.central, confirmed=False)
    response = client.post("/accounts/otp/setup/", {"token": code_for(new)})
    assert response.status_code == 200 and len(shown_codes(response)) == 10
    assert list(TOTPDevice.objects.filter(user=personas.central)) == [new]
    new.refresh_from_db()
    assert new.confirmed and client.get("/geography/").status_code == 200


def test_recovery_codes_are_shown_once_stored_hashed_and_each_usable_once(client, personas):
    from django.test import Client

    from khuyencong.accounts.models import RecoveryCode

    sign_in(client, "central")
    _device, response = enrol(client, personas.central)
    codes = shown_codes(response)
    assert len(set(codes)) == 10
    stored = list(
        RecoveryCode.objects.filter(device__user=personas.central).values_list("code_hash", flat=True)
    )
    assert len(stored) == 10 and not set(codes) & set(stored)
    assert not any(code.replace("-", "") in h for code in codes for h in stored)
    assert not shown_codes(client.get("/accounts/profile/"))

    first = Client()
    sign_in(first, "central")
    assert first.post("/accounts/otp/", {"token": codes[0].upper()}).status_code == 302
    assert first.get("/geography/").status_code == 200
    second = Client()
    sign_in(second, "central")
    again = second.post("/accounts/otp/", {"token": codes[0]})
    assert again.status_code == 200 and second.get("/geography/").status_code == 302
    assert second.post("/accounts/otp/", {"token": codes[1].replace("-", " ")}).status_code == 302
    assert second.get("/geography/").status_code == 200


def test_recovery_codes_are_regenerated_from_a_verified_session_only(client, personas):
    from khuyencong.accounts.models import RecoveryCode

    device = enrolled(personas.central)
    sign_in(client, "central")
    refused = client.post("/accounts/otp/recovery-codes/")
    assert refused.status_code == 302 and refused["Location"].startswith("/accounts/otp/?next=")
    assert not RecoveryCode.objects.exists()
    verify(client, device)
    codes = shown_codes(client.post("/accounts/otp/recovery-codes/"))
    assert len(codes) == 10
    newer = shown_codes(client.post("/accounts/otp/recovery-codes/"))
    assert len(newer) == 10 and not set(codes) & set(newer)
    assert RecoveryCode.objects.filter(device__user=personas.central).count() == 10
    client.logout()
    sign_in(client, "central")
    assert client.post("/accounts/otp/", {"token": codes[0]}).status_code == 200
    assert client.post("/accounts/otp/", {"token": newer[0]}).status_code == 302


def test_recovery_code_lets_a_user_who_lost_the_phone_enrol_a_new_one(client, personas):
    sign_in(client, "central")
    lost, response = enrol(client, personas.central)
    codes = shown_codes(response)
    client.logout()
    sign_in(client, "central")
    client.post("/accounts/otp/", {"token": codes[3]})
    assert client.get("/accounts/otp/setup/").status_code == 200
    new = TOTPDevice.objects.get(user=personas.central, confirmed=False)
    client.post("/accounts/otp/setup/", {"token": code_for(new)})
    assert list(TOTPDevice.objects.filter(user=personas.central)) == [new]


def api_with_token(key):
    from django.test import Client

    return Client().get(
        "/api/v1/geography/units/", HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en"
    )


def test_api_token_made_without_a_second_factor_is_refused(client, personas):
    """Tokens minted by a password-only session (or before OTP was required) stop working."""
    from rest_framework.authtoken.models import Token

    old = Token.objects.create(user=personas.central)
    refused = api_with_token(old.key)
    assert refused.status_code in (401, 403) and "without a one-time code" in refused.json()["detail"]
    device = enrolled(personas.central)
    sign_in(client, "central")
    verify(client, device)
    # Passing the second factor does not revive a token a password-only session may have made.
    assert api_with_token(old.key).status_code in (401, 403)
    client.post("/accounts/profile/api-token/")
    new = Token.objects.get(user=personas.central)
    assert api_with_token(old.key).status_code in (401, 403)
    assert api_with_token(new.key).status_code == 200


def test_api_token_of_a_user_without_second_factor_still_works(client, personas):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=personas.lamdong)
    assert api_with_token(token.key).status_code == 200


def test_api_token_view_needs_a_verified_session(client, personas):
    from rest_framework.authtoken.models import Token

    enrolled(personas.central)
    sign_in(client, "central")
    response = client.post("/accounts/profile/api-token/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/?next=")
    assert not Token.objects.filter(user=personas.central).exists()


def test_administrator_resets_a_second_factor_and_it_is_logged(client, personas):
    from django.contrib.admin.models import LogEntry

    from khuyencong.accounts.models import RecoveryCodeDevice

    victim = enrolled(personas.central)
    RecoveryCodeDevice.objects.create(user=personas.central, name="recovery codes")
    admin_device = enrolled(personas.admin)
    client.cookies["django_language"] = "en"
    sign_in(client, "admin")
    verify(client, admin_device)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_second_factor", "_selected_action": [personas.central.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=victim.pk).exists()
    assert not RecoveryCodeDevice.objects.filter(user=personas.central).exists()
    entry = LogEntry.objects.get(object_id=str(personas.central.pk))
    assert entry.user == personas.admin and "second factor" in entry.get_change_message()
    # The central user enrols again at the next sign-in.
    other = type(client)()
    sign_in(other, "central")
    assert other.get("/geography/")["Location"].startswith("/accounts/otp/setup/")
