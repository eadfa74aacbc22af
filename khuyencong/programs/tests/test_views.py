"""Pages: scoping for every view, action buttons from the table, steps through the UI, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khuyencong.programs.choices import Status
from khuyencong.programs.models import StatusChange

from .factories import M, drive, plan_for, project

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def lam(personas, ref):
    return drive(project(personas.lam_dong), Status.IN_PROGRESS, personas)


def urls(p):
    return [
        reverse("programs:project-detail", args=[p.pk]),
        reverse("programs:project-history", args=[p.pk]),
        reverse("programs:project-transition", args=[p.pk, "complete"]),
        reverse("programs:plan-detail", args=[p.plan_id]),
    ]


def test_hanoi_officer_gets_404_on_lam_dong_pages_and_cannot_act(client, personas, lam):
    login(client, personas.hanoi)
    for url in urls(lam):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("programs:project-transition", args=[lam.pk, "complete"]), {"note": "x"})
    assert response.status_code == 404
    assert client.post(reverse("programs:project-payment", args=[lam.pk]), {}).status_code == 404
    lam.refresh_from_db()
    assert lam.status == Status.IN_PROGRESS
    assert lam.code not in client.get(reverse("programs:project-list")).content.decode()
    assert client.get(reverse("programs:plan-list")).context["object_list"].count() == 0


def test_central_sees_everything_but_has_no_local_buttons(client, personas, lam):
    login(client, personas.central)
    for url in urls(lam)[:2] + urls(lam)[3:]:
        assert client.get(url).status_code == 200, url
    response = client.get(reverse("programs:project-detail", args=[lam.pk]))
    assert response.context["actions"] == []
    assert client.get(reverse("programs:project-transition", args=[lam.pk, "complete"])).status_code == 404
    assert lam.code in client.get(reverse("programs:project-list")).content.decode()


def test_anonymous_is_sent_to_login(client, lam):
    response = client.get(reverse("programs:project-detail", args=[lam.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_buttons_come_from_the_transition_table(client, personas, lam):
    login(client, personas.lamdong)
    response = client.get(reverse("programs:project-detail", args=[lam.pk]))
    assert [t.name for t in response.context["actions"]] == ["request_adjustment", "request_stop", "complete"]
    html = response.content.decode()
    assert 'data-step="complete"' in html and 'data-step="accept"' not in html


def test_step_through_the_page_writes_the_log(client, personas, lam):
    login(client, personas.lamdong)
    url = reverse("programs:project-transition", args=[lam.pk, "complete"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"number": "12/BC", "issued_on": "2026-10-01", "note": "xong"})
    assert response.status_code == 302
    lam.refresh_from_db()
    assert lam.status == Status.COMPLETED
    assert StatusChange.objects.filter(project=lam, transition="complete", document__number="12/BC").exists()
    # Acceptance needs its minutes: the form refuses without a number and date.
    url = reverse("programs:project-transition", args=[lam.pk, "accept"])
    response = client.post(url, {"note": "thiếu biên bản"})
    assert response.status_code == 200 and response.context["form"].errors
    lam.refresh_from_db()
    assert lam.status == Status.COMPLETED


def test_adjustment_and_stop_forms(client, personas, lam):
    login(client, personas.lamdong)
    url = reverse("programs:project-transition", args=[lam.pk, "request_adjustment"])
    response = client.post(url, {"kinds": ["budget"], "state_support_vnd": 210 * M, "note": "tăng"})
    assert response.status_code == 302
    lam.refresh_from_db()
    assert lam.status == Status.ADJUSTMENT_REQUESTED
    url = reverse("programs:project-transition", args=[lam.pk, "approve_adjustment"])
    assert client.post(url, {"number": "5/QĐ", "issued_on": "2026-06-01"}).status_code == 302
    lam.refresh_from_db()
    assert (lam.status, lam.state_support_vnd, lam.version_number) == (Status.IN_PROGRESS, 210 * M, 2)
    detail = client.get(reverse("programs:project-detail", args=[lam.pk]))
    assert [v.number for v in detail.context["versions"]] == [1, 2]
    assert detail.context["versions"][1].changes == [("state_support_vnd", 200 * M, 210 * M)]
    url = reverse("programs:project-transition", args=[lam.pk, "request_stop"])
    assert client.post(url, {"reason": "xin dừng"}).status_code == 302
    lam.refresh_from_db()
    assert lam.status == Status.STOP_REQUESTED


def test_missing_fields_shown_on_the_page(client, personas, ref):
    draft = project(personas.lam_dong, objectives="")
    login(client, personas.lamdong)
    response = client.get(reverse("programs:project-detail", args=[draft.pk]))
    assert response.context["gaps"] and "mục tiêu" in response.content.decode()


def test_create_and_edit_in_scope_only(client, personas, ref):
    from khuyencong.programs.models import ContentCategory, Project

    login(client, personas.lamdong)
    data = {
        "code": "NEW-1",
        "title": "Đề án mới",
        "level": "local",
        "plan_year": 2026,
        "category": ContentCategory.objects.get(code="KC01").pk,
        "province": personas.ha_noi.pk,
        "trainees": 0,
        "machines": 0,
        "models_built": 0,
        "products": 0,
        "booths": 0,
        "state_support_vnd": 0,
        "counterpart_vnd": 0,
        "total_cost_vnd": 0,
    }
    response = client.post(reverse("programs:project-create"), data)
    assert response.status_code == 200 and not Project.objects.filter(code="NEW-1").exists()  # out of scope
    data["province"] = personas.lam_dong.pk
    response = client.post(reverse("programs:project-create"), data)
    assert response.status_code == 302
    created = Project.objects.get(code="NEW-1")
    assert created.status == Status.DRAFT and created.status_changes.count() == 1
    login(client, personas.hanoi)
    assert client.get(reverse("programs:project-update", args=[created.pk])).status_code == 404


def test_list_filters_and_diacritic_insensitive_search(client, personas, ref):
    a = project(personas.lam_dong, title="Mô hình sấy cà phê")
    project(personas.lam_dong, title="Đào tạo nghề dệt")
    login(client, personas.lamdong)
    response = client.get(reverse("programs:project-list"), {"q": "SAY CA PHE"})
    assert [p.pk for p in response.context["object_list"]] == [a.pk]
    response = client.get(
        reverse("programs:project-list"), {"status": "draft", "year": 2026, "level": "local"}
    )
    assert response.context["paginator"].count == 2


def test_overdue_stands_out(client, personas, ref):
    from datetime import date

    late = drive(
        project(personas.lam_dong, year=2025, start_date=date(2025, 1, 1), end_date=date(2025, 6, 30)),
        Status.IN_PROGRESS,
        personas,
    )
    project(personas.lam_dong)
    login(client, personas.lamdong)
    response = client.get(reverse("programs:project-list"), {"overdue": "true"})
    assert [p.pk for p in response.context["object_list"]] == [late.pk]
    assert 'class="overdue"' in response.content.decode()


def test_plan_page_money_and_progress(client, personas, lam):
    from datetime import date

    from khuyencong.programs import services

    services.record_payment(
        lam, actor=personas.lamdong, kind="advance", amount_vnd=50 * M, paid_on=date(2026, 4, 1)
    )
    login(client, personas.lamdong)
    response = client.get(reverse("programs:plan-detail", args=[plan_for(lam).pk]))
    assert response.context["totals"]["disbursed"] == 50 * M
    assert response.context["totals"]["support"] == 200 * M


def _count(client, url):
    client.get(url)  # warm-up: the user's access scope is computed once per user object
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_page_query_count_does_not_grow(client, personas, ref):
    for _ in range(3):
        project(personas.lam_dong)
    login(client, personas.lamdong)
    url = reverse("programs:project-list")
    few = _count(client, url)
    for _ in range(27):
        project(personas.lam_dong)
    assert _count(client, url) == few
