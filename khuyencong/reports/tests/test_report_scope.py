"""A report on a province outside the user's scope is refused, never answered with empty figures (#20 item 9):
a Hà Nội officer asking for Lâm Đồng must not get "Lâm Đồng chưa có cụm công nghiệp nào trong quy hoạch"."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from khuyencong.imports.models import Job

pytestmark = pytest.mark.django_db

PAGES = [
    ("reports:clusters", {"as_of": "2026-06-30"}),
    ("reports:promotion", {"from_year": 2026, "to_year": 2026}),
]


@pytest.mark.parametrize("name, params", PAGES)
def test_page_refuses_another_province(client, personas, name, params):
    client.force_login(personas.hanoi)
    response = client.get(reverse(name), {"province": "lam dong", **params})
    assert response.status_code == 403
    text = response.content.decode()
    assert "Lâm Đồng" in text and "chưa có cụm công nghiệp" not in text
    # Nor a file: the download is refused before a job is queued.
    response = client.get(reverse(name), {"province": "lam dong", "download": "pdf", **params})
    assert response.status_code == 403 and not Job.objects.exists()
    # The whole country is only for who sees every province.
    assert client.get(reverse(name), {"province": "VN", **params}).status_code == 403


@pytest.mark.parametrize("name, params", PAGES)
def test_page_answers_own_province_its_former_provinces_and_central(client, personas, name, params):
    client.force_login(personas.lamdong)
    assert client.get(reverse(name), {"province": "lam dong", **params}).status_code == 200
    # The former Đắk Nông (merged into Lâm Đồng) is the officer's too.
    former = {"province": "Đắk Nông", "boundaries": "2025-06-30", **params}
    assert client.get(reverse(name), former).status_code == 200
    client.force_login(personas.central)
    assert client.get(reverse(name), {"province": "lam dong", **params}).status_code == 200
    assert client.get(reverse(name), {"province": "VN", **params}).status_code == 200


def test_api_refuses_another_province(personas):
    api = APIClient()
    api.force_authenticate(personas.hanoi)
    for path, params in (
        ("/api/v1/reports/clusters/", {"as_of": "2026-06-30"}),
        ("/api/v1/reports/promotion/", {"from_year": 2026, "to_year": 2026}),
    ):
        refused = api.get(path, {"province": "lam dong", **params})
        assert refused.status_code == 403, path
        assert "Lâm Đồng" in refused.json()["detail"] and "text" not in refused.json()
        assert api.get(path, {"province": "VN", **params}).status_code == 403
        assert api.get(path, {"province": "ha noi", **params}).status_code == 200


def test_cli_refuses_another_province_for_a_user(personas, tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("report", "clusters", "--province", "lam dong", "--user", "hanoi", "--format", "text")
    message = str(refused.value)
    assert "ngoài phạm vi" in message and "outside" in message and "Lâm Đồng" in message
    with pytest.raises(CommandError):
        call_command(
            "report", "promotion", "--province", "lam dong", "--from-year", "2026", "--to-year", "2026",
            "--user", "hanoi", "-o", str(tmp_path / "out.json"),
        )  # fmt: skip
    assert not (tmp_path / "out.json").exists()
    with pytest.raises(CommandError, match="nobody-here"):
        call_command("report", "clusters", "--province", "lam dong", "--user", "nobody-here")
    call_command(
        "report", "clusters", "--province", "lam dong", "--user", "lamdong", "-o", str(tmp_path / "a")
    )
    assert (tmp_path / "a").exists()


def test_dashboard_refuses_a_named_province_outside_the_scope(client, personas):
    client.force_login(personas.hanoi)
    assert client.get(reverse("reports:dashboard"), {"province": "lam dong"}).status_code == 403
    assert client.get(reverse("reports:dashboard")).status_code == 200
