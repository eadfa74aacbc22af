import pytest
from django.core.management import call_command

from khuyencong.accounts.models import User

pytestmark = pytest.mark.django_db


def test_login_page_is_vietnamese(client):
    body = client.get("/accounts/login/").content.decode()
    assert "Đăng nhập" in body and "Mật khẩu" in body


def test_login_page_in_english_when_chosen(client):
    client.cookies["django_language"] = "en"
    body = client.get("/accounts/login/").content.decode()
    assert "Sign in" in body


def test_wrong_password_message(client, personas):
    body = client.post("/accounts/login/", {"username": "lamdong", "password": "sai"}).content.decode()
    assert "Sai tên đăng nhập hoặc mật khẩu" in body


def test_login_and_logout(client, personas):
    from khuyencong.accounts.tests.factories import PASSWORD

    response = client.post("/accounts/login/", {"username": "lamdong", "password": PASSWORD})
    assert response.status_code == 302
    assert "Tổng quan" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_profile_lists_roles(client, personas):
    client.force_login(personas.lamdong)
    body = client.get("/accounts/profile/").content.decode()
    assert "Lâm Đồng" in body


def test_demo_refuses_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("setup", demo=True, verbosity=0)


def test_demo_personas_can_log_in(client, settings, geo):
    settings.DEBUG = True
    call_command("setup", demo=True, verbosity=0)
    call_command("setup", demo=True, verbosity=0)  # idempotent
    for username in ["trunguong", "lamdong", "hanoi", "nhadautu", "ctv"]:
        assert client.login(username=username, password="khuyencong-demo"), username
    assert User.objects.filter(username__in=["trunguong", "lamdong", "hanoi", "nhadautu", "ctv"]).count() == 5
    lamdong = User.objects.get(username="lamdong")
    assert lamdong.has_role("province_officer")


def test_api_token_is_created_shown_once_and_works(client, personas):
    from rest_framework.authtoken.models import Token

    client.force_login(personas.hanoi)
    response = client.post("/accounts/profile/api-token/", follow=True)
    key = Token.objects.get(user=personas.hanoi).key
    assert key in response.content.decode()
    assert key not in client.get("/accounts/profile/").content.decode()
    client.logout()
    api = client.get("/api/v1/geography/units/?level=province", HTTP_AUTHORIZATION=f"Token {key}")
    assert api.status_code == 200


# Wrong passwords and sign-in waits: test_login_throttle.py.


def test_password_rules_refuse_weak_passwords(personas):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["12345678901", "matkhau", "password123"]:
        with pytest.raises(ValidationError):
            validate_password(weak, personas.lamdong)
    validate_password("khuyencong-demo", personas.lamdong)
