"""Production settings: `check --deploy` is clean, bad values fail fast, pages send security headers."""

import os
import subprocess
import sys

import pytest

PROD_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "khuyencong.example.gov.vn",
    "BEHIND_TLS_PROXY": "1",
    "DJANGO_SETTINGS_MODULE": "khuyencong.settings",
}


def run(args, **env):
    dropped = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "-m", "khuyencong", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean():
    result = run(["check", "--deploy", "--fail-level", "WARNING"], **PROD_ENV)
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.parametrize(
    "env, message",
    [
        ({"DEBUG": "maybe"}, "DEBUG must be a boolean"),
        ({"DEBUG": "1", "DATABASE_URL": "nonsense://x"}, "DATABASE_URL"),
        ({"DEBUG": "1", "SESSION_COOKIE_AGE": "a day"}, "SESSION_COOKIE_AGE must be an integer"),
    ],
)
def test_bad_configuration_fails_fast(env, message):
    result = run(["check"], DJANGO_SETTINGS_MODULE="khuyencong.settings", **env)
    assert result.returncode != 0 and message in result.stderr


def test_without_secret_key_a_local_random_key_is_made_once_and_kept(tmp_path):
    env = {
        "DEBUG": "0",
        "KHUYENCONG_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "khuyencong.settings",
    }
    script = ["shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)"]
    first, second = run(script, **env), run(script, **env)
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert len(key) >= 50 and key == second.stdout.strip()
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_demo_refuses_to_load_without_debug():
    result = run(["setup", "--demo"], DATABASE_URL="sqlite:///:memory:", **PROD_ENV)
    assert result.returncode != 0 and "DEBUG" in result.stderr


def test_pages_send_security_headers(client, db):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.content.decode() and "onchange=" not in response.content.decode()
