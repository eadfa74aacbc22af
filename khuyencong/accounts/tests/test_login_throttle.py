"""Issue #17, finding 6: wrong passwords slow down that user name from that address (and an address
that tries many names), with growing delays; they do not lock the user out everywhere."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from khuyencong.accounts.models import LoginThrottle
from khuyencong.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.9"
USER_ADDRESS = "198.51.100.7"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.OTP_REQUIRED = False
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 10
    settings.LOGIN_DELAY_MAX_MINUTES = 60


def attempt(client, username, password="wrong-password", address=ATTACKER):
    client.cookies["django_language"] = "en"
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response):
    return response.status_code == 302


def test_wrong_passwords_from_one_address_do_not_lock_the_user_out_from_another(client, personas):
    for _ in range(10):
        attempt(client, "lamdong")
    assert signed_in(attempt(client, "lamdong", PASSWORD, address=USER_ADDRESS))


def test_wrong_passwords_slow_that_name_from_that_address_with_growing_delays(client, personas, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 100
    for _ in range(3):
        assert not signed_in(attempt(client, "lamdong"))
    refused = attempt(client, "LamDong ", PASSWORD)
    assert not signed_in(refused) and "_auth_user_id" not in client.session
    assert "Too many failed sign-in attempts" in refused.content.decode()
    row = LoginThrottle.objects.get(username="lamdong", address=ATTACKER)
    assert timedelta(seconds=50) < row.locked_until - timezone.now() <= timedelta(minutes=1)
    delays = []
    for _ in range(8):  # each wrong password after a wait doubles the next wait, up to the cap
        LoginThrottle.objects.filter(pk=row.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
        attempt(client, "lamdong")
        row.refresh_from_db()
        delays.append(round((row.locked_until - timezone.now()).total_seconds() / 60))
    assert delays == [2, 4, 8, 16, 32, 60, 60, 60]
    # Another name from the same address is not slowed by this one.
    assert signed_in(attempt(client, "hanoi", PASSWORD))


def test_a_wrong_password_while_waiting_is_not_even_checked(client, personas):
    for _ in range(3):
        attempt(client, "lamdong")
    row = LoginThrottle.objects.get(username="lamdong", address=ATTACKER)
    attempt(client, "lamdong")
    attempt(client, "lamdong", PASSWORD)
    assert LoginThrottle.objects.get(pk=row.pk).failures == 3


def test_a_successful_sign_in_resets_that_name_and_address(client, personas):
    for _ in range(2):
        attempt(client, "lamdong")
    assert signed_in(attempt(client, "lamdong", PASSWORD))
    assert not LoginThrottle.objects.filter(username="lamdong").exists()


def test_old_failures_are_forgotten(client, personas):
    for _ in range(2):
        attempt(client, "lamdong")
    LoginThrottle.objects.update(last_failure_at=timezone.now() - timedelta(days=2))
    attempt(client, "lamdong")
    assert LoginThrottle.objects.get(username="lamdong", address=ATTACKER).failures == 1


def test_an_address_trying_many_names_is_slowed_for_every_name(client, personas):
    for n in range(10):
        attempt(client, f"guess{n}")
    assert not signed_in(attempt(client, "hanoi", PASSWORD))
    assert LoginThrottle.objects.get(username="", address=ATTACKER).locked_until > timezone.now()
    assert signed_in(attempt(client, "hanoi", PASSWORD, address=USER_ADDRESS))


def test_the_message_does_not_tell_whether_the_account_exists(client, personas):
    for name in ("lamdong", "nobody-here"):
        for _ in range(3):
            attempt(client, name)
    existing, unknown = (
        re.sub(r'value="[^"]*"|"X-CSRFToken": "[^"]*"', "", attempt(client, name).content.decode())
        for name in ("lamdong", "nobody-here")
    )
    assert "Too many failed sign-in attempts" in existing
    assert existing.replace("lamdong", "X") == unknown.replace("nobody-here", "X")


def test_administrators_see_and_lift_throttles(client, personas):
    for _ in range(3):
        attempt(client, "lamdong")
    client.force_login(personas.admin)
    page = client.get("/admin/accounts/loginthrottle/")
    assert page.status_code == 200 and ATTACKER in page.content.decode()
    row = LoginThrottle.objects.get(username="lamdong", address=ATTACKER)
    response = client.post(
        "/admin/accounts/loginthrottle/", {"action": "lift_throttles", "_selected_action": [row.pk]}
    )
    assert response.status_code == 302 and not LoginThrottle.objects.filter(pk=row.pk).exists()
    client.logout()
    assert signed_in(attempt(client, "lamdong", PASSWORD))


def test_client_address_behind_a_trusted_proxy(settings):
    """Behind the proxy of docs/deploy.md the client's address comes from what the proxy appended to
    X-Forwarded-For; a client's own X-Forwarded-For is believed from nowhere else."""
    from django.test import RequestFactory

    from khuyencong.accounts.security import client_address

    factory = RequestFactory()
    forged = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "10.9.9.9"}
    via_proxy = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.9.9.9, 198.51.100.7"}
    settings.TRUSTED_PROXIES = []
    assert client_address(factory.get("/", **forged)) == "203.0.113.9"
    assert client_address(factory.get("/", **via_proxy)) == "127.0.0.1"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(factory.get("/", **forged)) == "203.0.113.9"
    assert client_address(factory.get("/", **via_proxy)) == "198.51.100.7"
