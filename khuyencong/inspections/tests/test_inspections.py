"""Inspections: the subject matches the kind of visit, recommendations close only with evidence, overdue
is computed and listed per addressee, scoping of pages and API."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from khuyencong.facilities.tests.factories import FacilityFactory
from khuyencong.inspections import services
from khuyencong.inspections.choices import RecommendationStatus, VisitLevel
from khuyencong.inspections.models import Inspection, Recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    facility = FacilityFactory(
        name="Cơ sở Cơ khí Đức Trọng", province=personas.lam_dong, commune=personas.commune
    )
    return services.create_inspection(
        actor=personas.lamdong,
        title="Kiểm tra cơ sở",
        level=VisitLevel.PROVINCE_FACILITY,
        province=personas.lam_dong,
        facility=facility,
        start_date=date(2025, 9, 1),
        checklist=[{"item": "Thiết bị hoạt động", "result": "ok"}],
    )


def recommendation(personas, visit, deadline):
    finding = services.add_finding(
        visit, actor=personas.lamdong, text="Thiếu biển ghi nhận", severity="minor"
    )
    return services.add_recommendation(
        actor=personas.lamdong, finding=finding, text="Gắn biển", addressee_name="Cơ sở", deadline=deadline
    )


def test_subject_must_match_the_kind_of_visit(personas, visit):
    with pytest.raises(ValidationError) as excinfo:
        services.create_inspection(
            actor=personas.lamdong,
            title="Sai",
            level=VisitLevel.PROVINCE_CLUSTER,
            province=personas.lam_dong,
            facility=visit.facility,
            start_date=date(2025, 9, 1),
        )
    assert {"cluster", "facility"} <= set(excinfo.value.message_dict)
    with pytest.raises(ValidationError):
        services.create_inspection(
            actor=personas.lamdong,
            title="Sai tỉnh",
            level=VisitLevel.PROVINCE_FACILITY,
            province=personas.ha_noi,
            facility=visit.facility,
            start_date=date(2025, 9, 1),
        )
    assert visit.subject == visit.facility


def test_closing_needs_evidence(personas, visit):
    rec = recommendation(personas, visit, date.today() + timedelta(days=10))
    with pytest.raises(ValidationError):
        services.record_follow_up(
            rec, actor=personas.lamdong, text="Xong", status=RecommendationStatus.CLOSED
        )
    services.record_follow_up(
        rec, actor=personas.lamdong, text="Đang làm", status=RecommendationStatus.IN_PROGRESS
    )
    evidence = SimpleUploadedFile("bien.pdf", b"%PDF-1.4 proof", content_type="application/pdf")
    services.record_follow_up(
        rec, actor=personas.lamdong, text="Đã gắn biển", evidence=evidence, status="closed"
    )
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.CLOSED and rec.closed_on == date.today()
    assert rec.follow_ups.count() == 2 and rec.has_evidence()
    with pytest.raises(services.NotAllowed):
        services.record_follow_up(rec, actor=personas.hanoi, text="x")


def test_overdue_is_computed_and_grouped_by_addressee(personas, visit):
    late = recommendation(personas, visit, date.today() - timedelta(days=1))
    on_time = recommendation(personas, visit, date.today() + timedelta(days=1))
    assert late.is_overdue and not on_time.is_overdue
    assert list(Recommendation.objects.overdue()) == [late]
    groups = services.overdue_by_addressee(Recommendation.objects.visible_to(personas.lamdong))
    assert groups == [("Cơ sở", [late])]
    assert services.overdue_by_addressee(Recommendation.objects.visible_to(personas.hanoi)) == []


def test_pages_and_overdue_filter(client, personas, visit):
    late = recommendation(personas, visit, date.today() - timedelta(days=3))
    recommendation(personas, visit, date.today() + timedelta(days=3))
    client.force_login(personas.lamdong)
    listing = client.get(reverse("inspections:list")).content.decode()
    assert "Kiểm tra cơ sở" in listing and 'id="overdue-alert"' in listing
    overdue = client.get(reverse("inspections:recommendation-list"), {"overdue": "true"})
    assert list(overdue.context["object_list"]) == [late]
    assert 'id="overdue-by-addressee"' in overdue.content.decode()
    detail = client.get(reverse("inspections:detail", args=[visit.pk])).content.decode()
    assert "Thiếu biển ghi nhận" in detail
    client.post(
        reverse("inspections:follow-up-create", args=[late.pk]),
        {"text": "Đã gắn", "status": "closed", "evidence": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")},
    )
    late.refresh_from_db()
    assert late.status == RecommendationStatus.CLOSED
    client.force_login(personas.hanoi)
    assert client.get(reverse("inspections:detail", args=[visit.pk])).status_code == 404


def test_create_inspection_page(client, personas, visit):
    client.force_login(personas.lamdong)
    answer = client.post(
        reverse("inspections:create"),
        {
            "title": "Kiểm tra mới",
            "level": VisitLevel.PROVINCE_FACILITY,
            "province": personas.lam_dong.pk,
            "facility": visit.facility.pk,
            "start_date": "2025-10-01",
            "status": "planned",
            "checklist_text": "Hồ sơ | ok | đủ\nBiển | not_ok",
        },
    )
    assert answer.status_code == 302, answer.context["form"].errors if answer.context else answer
    created = Inspection.objects.get(title="Kiểm tra mới")
    assert created.checklist[1] == {"item": "Biển", "result": "not_ok", "note": ""}


def test_api_scoping_validation_and_follow_up(personas, visit):
    client = APIClient()
    client.force_authenticate(personas.lamdong)
    bad = client.post(
        "/api/v1/inspections/visits/",
        {
            "title": "x",
            "level": "province_cluster",
            "province": personas.lam_dong.pk,
            "start_date": "2025-01-01",
        },
        format="json",
    )
    assert bad.status_code == 400
    finding = client.post(
        "/api/v1/inspections/findings/",
        {"inspection": visit.pk, "text": "Thiếu sổ", "severity": "minor"},
        format="json",
    )
    assert finding.status_code == 201 and finding.json()["number"] == 1
    rec = client.post(
        "/api/v1/inspections/recommendations/",
        {
            "finding": finding.json()["id"],
            "text": "Lập sổ",
            "addressee_name": "Cơ sở",
            "deadline": "2020-01-01",
        },
        format="json",
    )
    assert rec.status_code == 201, rec.content
    assert rec.json()["is_overdue"] and rec.json()["province"] == personas.lam_dong.pk
    refused = client.post(
        f"/api/v1/inspections/recommendations/{rec.json()['id']}/follow-up/",
        {"text": "xong", "status": "closed"},
        format="json",
    )
    assert refused.status_code == 400
    overdue = client.get("/api/v1/inspections/recommendations/", {"overdue": "true"}).json()["results"]
    assert [r["id"] for r in overdue] == [rec.json()["id"]]
    other = APIClient()
    other.force_authenticate(personas.hanoi)
    assert other.get(f"/api/v1/inspections/visits/{visit.pk}/").status_code == 404
    assert other.get("/api/v1/inspections/recommendations/").json()["results"] == []


def test_demo_has_an_overdue_recommendation_in_lam_dong(demo):
    from khuyencong.accounts.models import User

    lamdong = User.objects.get(username="lamdong")
    overdue = Recommendation.objects.visible_to(lamdong).overdue()
    assert overdue.count() == 1
    closed = Recommendation.objects.get(status=RecommendationStatus.CLOSED)
    assert closed.has_evidence()
