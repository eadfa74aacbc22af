"""Reports and submissions in the API: same figures as the command, scoped, the whole review cycle."""

import pytest
from rest_framework.test import APIClient

from khuyencong.accounts.models import User
from khuyencong.reports.models import Submission

pytestmark = pytest.mark.django_db


def api(username):
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


def test_cluster_report_by_boundaries(demo):
    client = api("trunguong")
    today = client.get("/api/v1/reports/clusters/", {"province": "lam dong", "as_of": "2025-12-31"}).json()
    former = client.get(
        "/api/v1/reports/clusters/",
        {"province": "Đắk Nông", "as_of": "2025-12-31", "boundaries": "2025-06-30"},
    ).json()
    assert today["planned"]["count"] == former["planned"]["count"] == 11
    assert "11 cụm công nghiệp" in today["text"]
    national = client.get("/api/v1/reports/clusters/", {"province": "VN", "as_of": "2025-12-31"}).json()
    assert national["province"]["code"] == "VN" and national["planned"]["count"] >= 11
    bad = client.get("/api/v1/reports/clusters/", {"province": "Atlantis"})
    assert bad.status_code == 400 and "province" in bad.json()


def test_reports_outside_the_users_provinces_are_refused(demo):
    # The whole country and another province would be zeros or part-figures under an official heading.
    assert api("hanoi").get("/api/v1/reports/clusters/", {"province": "VN"}).status_code == 403
    central = api("trunguong").get("/api/v1/reports/clusters/", {"province": "VN"}).json()
    assert central["planned"]["count"] >= 11
    promotion = api("hanoi").get(
        "/api/v1/reports/promotion/", {"province": "Lâm Đồng", "from_year": 2022, "to_year": 2023}
    )
    assert promotion.status_code == 403


def test_submission_cycle_through_the_api(demo):
    officer, central, other = api("lamdong"), api("trunguong"), api("hanoi")
    opened = officer.post(
        "/api/v1/reports/submissions/open/",
        {"form": "bieu04", "period": "2026-6t", "province": "68"},
        format="json",
    )
    assert opened.status_code == 201, opened.content
    pk = opened.json()["id"]
    assert opened.json()["figures"]["totals"]["planned_count"] == 11
    assert other.get(f"/api/v1/reports/submissions/{pk}/").status_code == 404
    assert (
        other.post(
            "/api/v1/reports/submissions/open/",
            {"form": "bieu04", "period": "2026-6t", "province": "68"},
            format="json",
        ).status_code
        == 403
    )
    url = f"/api/v1/reports/submissions/{pk}/"
    assert officer.post(url + "draft/", {"difficulties": "Thiếu vốn"}, format="json").status_code == 200
    assert (
        officer.post(url + "transition/", {"step": "submit"}, format="json").json()["status"] == "submitted"
    )
    assert officer.post(url + "transition/", {"step": "accept"}, format="json").status_code == 403
    refused = central.post(url + "transition/", {"step": "return"}, format="json")
    assert refused.status_code == 400
    returned = central.post(url + "transition/", {"step": "return", "comment": "Bổ sung"}, format="json")
    assert returned.json()["status"] == "returned"
    officer.post(url + "transition/", {"step": "submit"}, format="json")
    accepted = central.post(url + "transition/", {"step": "accept"}, format="json").json()
    assert accepted["status"] == "accepted"
    assert [e["action"] for e in accepted["events"]] == ["open", "submit", "return", "submit", "accept"]
    assert officer.post(url + "draft/", {"difficulties": "sau"}, format="json").status_code == 400
    assert Submission.objects.get(pk=pk).difficulties == "Thiếu vốn"
    listed = central.get("/api/v1/reports/submissions/", {"status": "accepted"}).json()
    assert pk in [row["id"] for row in listed["results"]]
