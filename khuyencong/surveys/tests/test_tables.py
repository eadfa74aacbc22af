"""The collaborator, assignment and response lists' tables (surveys/tables.py): escaped cells, the detail
links, overdue rows, badges, choice labels in both languages, the "nothing found" row."""

import uuid
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from khuyencong.accounts.tests.factories import OrganisationFactory
from khuyencong.core.tests.html import in_order
from khuyencong.programs.tests.factories import project
from khuyencong.surveys import services
from khuyencong.surveys.choices import ResponseStatus
from khuyencong.surveys.models import Collaborator, SurveyAssignment, SurveyResponse

from .conftest import need_answers

pytestmark = pytest.mark.django_db


def row_of(page, marker):
    page = page[page.index("<tbody>") :]
    row = page[page.rindex("<tr", 0, page.index(marker)) :]
    return row[: row.index("</tr>")]


@pytest.fixture
def other(field):
    return Collaborator.objects.create(
        full_name="Ông <B> & Co",
        province=field.personas.lam_dong,
        organisation=OrganisationFactory(name="Trung tâm & KC"),
        phone="0909",
        active_from=date(2025, 1, 2),
        active_to=date(2025, 12, 31),
    )


def test_collaborator_list_rows(client, field, other):
    client.force_login(field.personas.lamdong)
    url = reverse("surveys:collaborator-list")
    page = client.get(url).content.decode()
    row = row_of(page, "H&#x27;Niê Hoa")
    assert f'<a href="/surveys/collaborators/{field.collaborator.pk}/">H&#x27;Niê Hoa</a>' in row
    assert "<td>Lâm Đồng</td><td>—</td><td></td><td>01/07/2025 – </td>" in row
    row = row_of(page, "Ông &lt;B&gt; &amp; Co")
    assert "<td>Trung tâm &amp; KC</td><td>0909</td><td>02/01/2025 – 31/12/2025</td>" in row
    assert in_order(page, ["Họ và tên"])
    assert (
        '<td colspan="5">Không có kết quả nào khớp với bộ lọc này. <a href="?">Bỏ mọi bộ lọc</a></td>'
        in client.get(url, {"q": "zzzz"}).content.decode()
    )
    client.cookies["django_language"] = "en"
    assert in_order(client.get(url).content.decode(), ["Full name"])
    assert (
        '<td colspan="5">Nothing matches these filters. <a href="?">Clear the filters</a></td>'
        in client.get(url, {"q": "zzzz"}).content.decode()
    )


def test_assignment_list_rows(client, field, other):
    actor = field.personas.lamdong
    on_time = services.create_assignment(
        actor=actor, collaborator=field.collaborator, commune=field.commune, due_date="2099-01-01"
    )
    late = services.create_assignment(
        actor=actor, collaborator=other, due_date="2099-01-02", purpose="acceptance_check"
    )
    SurveyAssignment.objects.filter(pk=late.pk).update(due_date=date(2025, 1, 5))
    client.force_login(actor)
    url = reverse("surveys:assignment-list")
    page = client.get(url).content.decode()
    row = row_of(page, f"/surveys/assignments/{late.pk}/")
    assert row == (
        f'<tr class="overdue"><td><a href="/surveys/assignments/{late.pk}/">Kiểm tra nghiệm thu</a></td>'
        '<td>Ông &lt;B&gt; &amp; Co</td><td>—</td><td>05/01/2025 <span class="badge-overdue">quá hạn</span>'
        "</td><td>Đã giao</td>"
    )
    row = row_of(page, f"/surveys/assignments/{on_time.pk}/")
    assert row == (
        f'<tr><td><a href="/surveys/assignments/{on_time.pk}/">Khảo sát nhu cầu</a></td>'
        f"<td>H&#x27;Niê Hoa</td><td>{field.commune.name}</td><td>01/01/2099</td><td>Đã giao</td>"
    )
    empty = client.get(url, {"status": "cancelled"}).content.decode()
    assert (
        '<td colspan="5">Không có kết quả nào khớp với bộ lọc này. <a href="?">Bỏ mọi bộ lọc</a></td>'
        in empty
    )
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert in_order(page, ["Purpose"]) and ">Acceptance check</a>" in page
    assert '<span class="badge-overdue">overdue</span>' in page and "<td>Assigned</td>" in page
    empty = client.get(url, {"status": "cancelled"}).content.decode()
    assert '<td colspan="5">Nothing matches these filters. <a href="?">Clear the filters</a></td>' in empty


def receive(field, **kwargs):
    kwargs.setdefault("answers", need_answers())
    kwargs.setdefault("commune", field.commune)
    return services.receive_response(
        actor=field.personas.collaborator, client_uuid=uuid.uuid4(), form=field.forms.need, **kwargs
    )[0]


def test_response_list_rows(client, field, ref):
    new = receive(field, answers=need_answers(facility_name="Cơ sở <Mới> & Co"))
    merged = receive(field, facility=field.facility)
    drafted = project(field.personas.lam_dong, code="DA-<01>")
    SurveyResponse.objects.filter(pk=merged.pk).update(
        status=ResponseStatus.MERGED, project=drafted, captured_at=datetime(2025, 3, 4, 23, 30, tzinfo=UTC)
    )
    SurveyResponse.objects.filter(pk=new.pk).update(
        status=ResponseStatus.CONFLICT, collaborator=None, commune=None, answers={}
    )
    client.force_login(field.personas.lamdong)
    url = reverse("surveys:response-list")
    page = client.get(url).content.decode()
    row = row_of(page, f"/surveys/responses/{merged.pk}/")
    assert row == (
        f'<tr><td><a href="/surveys/responses/{merged.pk}/">05/03/2025 06:30</a></td>'
        f"<td>{field.forms.need.title}</td><td>Cơ sở Mộc Hòa Bình</td><td>{field.commune.name}</td>"
        '<td>H&#x27;Niê Hoa</td><td><span class="badge success">Đã cập nhật vào danh mục</span> '
        f'<a href="/programs/{drafted.pk}/">DA-&lt;01&gt;</a></td>'
    )
    row = row_of(page, f"/surveys/responses/{new.pk}/")
    assert '<td>— <span class="badge">mới</span></td><td>—</td><td>—</td>' in row
    assert '<span class="badge danger">Có xung đột cần xử lý</span></td>' in row
    SurveyResponse.objects.filter(pk=new.pk).update(
        status=ResponseStatus.RECEIVED, answers={"facility_name": "Cơ sở <Mới>"}
    )
    page = client.get(url).content.decode()
    row = row_of(page, f"/surveys/responses/{new.pk}/")
    assert '<td>Cơ sở &lt;Mới&gt; <span class="badge">mới</span></td>' in row
    assert '<td><span class="badge warning">Đã nhận</span></td>' in row
    empty = client.get(url, {"collaborator": 999999}).content.decode()
    assert (
        '<td colspan="6">Không có kết quả nào khớp với bộ lọc này. <a href="?">Bỏ mọi bộ lọc</a></td>'
        in empty
    )
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert in_order(page, ["Filled at"]) and '<span class="badge">new</span>' in page
    assert '<span class="badge success">Merged into the registry</span>' in page
    empty = client.get(url, {"collaborator": 999999}).content.decode()
    assert '<td colspan="6">Nothing matches these filters. <a href="?">Clear the filters</a></td>' in empty
