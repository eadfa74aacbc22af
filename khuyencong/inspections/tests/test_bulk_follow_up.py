"""The recommendation list's bulk action: one follow-up for several chosen recommendations, all or none,
only for the rows the officer may follow up."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from khuyencong.inspections import services
from khuyencong.inspections.choices import RecommendationStatus
from khuyencong.inspections.models import FollowUp

from .test_inspections import recommendation, visit  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
URL = "/inspections/recommendations/bulk/"


@pytest.fixture
def three(personas, visit):  # noqa: F811
    return [recommendation(personas, visit, date(2025, 10, 1) + timedelta(days=i)) for i in range(3)]


def test_the_list_offers_a_checkbox_per_row_the_officer_may_follow_up(client, personas, three):
    client.force_login(personas.lamdong)
    page = client.get("/inspections/recommendations/").content.decode()
    for rec in three:
        assert f'name="ids" value="{rec.pk}" form="bulk-form"' in page
    assert 'id="bulk-form"' in page
    client.force_login(personas.hanoi)
    page = client.get("/inspections/recommendations/").content.decode()
    assert 'name="ids"' not in page and 'id="bulk-form"' not in page


def test_one_follow_up_moves_every_chosen_recommendation(client, personas, three):
    client.force_login(personas.lamdong)
    chosen = three[:2]
    response = client.post(
        URL,
        {
            "ids": [r.pk for r in chosen],
            "text": "Đã nhắc bằng văn bản",
            "status": RecommendationStatus.IN_PROGRESS,
        },
        follow=True,
    )
    assert "Đã ghi nhận theo dõi cho 2 kiến nghị" in response.content.decode()
    for rec in chosen:
        rec.refresh_from_db()
        assert rec.status == RecommendationStatus.IN_PROGRESS
        assert rec.follow_ups.get().text == "Đã nhắc bằng văn bản"
    three[2].refresh_from_db()
    assert three[2].status == RecommendationStatus.OPEN


def test_one_refusal_records_nothing_and_names_the_recommendation(
    client, personas, three, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    services.record_follow_up(
        three[0],
        actor=personas.lamdong,
        text="Biên bản",
        evidence=SimpleUploadedFile("bb.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    before = FollowUp.objects.count()
    client.force_login(personas.lamdong)
    response = client.post(
        URL,
        {"ids": [r.pk for r in three[:2]], "text": "Đóng", "status": RecommendationStatus.CLOSED},
        follow=True,
    )
    page = response.content.decode()
    assert "Không ghi nhận gì" in page and "Gắn biển" in page  # the one without evidence is named
    assert FollowUp.objects.count() == before
    three[0].refresh_from_db()
    assert three[0].status == RecommendationStatus.OPEN


def test_another_provinces_officer_cannot_follow_up_by_posting_ids(client, personas, three):
    client.force_login(personas.hanoi)
    response = client.post(URL, {"ids": [three[0].pk], "text": "x"}, follow=True)
    assert "không thuộc quyền" in response.content.decode()
    assert not FollowUp.objects.filter(recommendation=three[0]).exists()
