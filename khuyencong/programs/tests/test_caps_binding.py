"""Support caps bind (#20 item 6): above a cap in force an approval or an adjustment is refused unless the
approver records an exception with its legal basis; provinces keep their own HĐND caps."""

from datetime import date

import pytest
from django.urls import reverse

from khuyencong.core import references
from khuyencong.programs import services
from khuyencong.programs.caps import cap_violations
from khuyencong.programs.choices import Level, Status, SupportContent
from khuyencong.programs.models import CapException, ContentCategory, Project, ProvincialSupportCap

from .factories import DOC, M, drive, plan_for, project

pytestmark = pytest.mark.django_db


def machinery(personas, support, total=1000):
    """A national đề án applying machinery (TT 28/2018: ≤ 50 %, ≤ 300 million), sent to the centre."""
    p = project(
        personas.lam_dong,
        level=Level.NATIONAL,
        support=support,
        total=total,
        support_content=SupportContent.MACHINERY,
    )
    p = drive(p, Status.SUBMITTED_CENTRAL, personas)
    p.plan = plan_for(p)
    p.save(update_fields=["plan"])
    return p


def approve_on_page(client, p, **extra):
    data = {"number": "12/QĐ-BCT", "issued_on": "2026-02-10", "issuing_body_name": "Bộ Công Thương", **extra}
    return client.post(reverse("programs:project-transition", args=[p.pk, "approve"]), data)


def test_approval_above_a_national_cap_is_refused_on_the_page_unless_an_exception_is_recorded(
    client, personas, ref
):
    p = machinery(personas, support=400)  # 40 % of the cost, but 400 million > 300 million
    [violation] = cap_violations(p)
    assert violation.code == "TT28-2018-MMTB" and "Điều 8 khoản 4" in violation.legal_source
    client.force_login(personas.central)
    # The step's page says beforehand that an exception is needed.
    form = client.get(reverse("programs:project-transition", args=[p.pk, "approve"])).content.decode()
    assert 'id="cap-violations"' in form and "TT-BTC" in form and 'name="cap_exception"' in form

    response = approve_on_page(client, p)
    assert response.status_code == 200
    page = response.content.decode()
    assert "300" in page and "28/2018/TT-BTC" in page
    p.refresh_from_db()
    assert p.status == Status.SUBMITTED_CENTRAL and not CapException.objects.exists()

    basis = "Công văn 123/BCT-ĐMST ngày 05/02/2026 của Bộ Công Thương cho phép hỗ trợ vượt mức"
    response = approve_on_page(client, p, cap_exception=basis)
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.APPROVED_IN_PLAN
    [exception] = CapException.objects.filter(project=p)
    assert (exception.cap_code, exception.legal_basis, exception.recorded_by) == (
        "TT28-2018-MMTB",
        basis,
        personas.central,
    )
    assert exception.history.count() == 1  # kept in history
    page = client.get(reverse("programs:project-detail", args=[p.pk])).content.decode()
    assert basis in page


def test_within_the_cap_the_approval_needs_no_exception(personas, ref):
    p = machinery(personas, support=300, total=600)  # exactly 50 % and 300 million
    p = services.approve(p, actor=personas.central, document=DOC, plan=plan_for(p))
    assert p.status == Status.APPROVED_IN_PLAN and not p.cap_exceptions.exists()


def test_the_support_content_chooses_the_cap(personas, ref):
    # 800 million at 25 %: within a demonstration model's cap (1,000 million, 30 %), above machinery's.
    model = project(personas.lam_dong, level=Level.NATIONAL, support=800, total=3200)
    assert cap_violations(model) == []  # no content given: the category's main content
    model.support_content = SupportContent.MACHINERY
    assert [v.code for v in cap_violations(model)] == ["TT28-2018-MMTB"]


def test_start_up_support_is_capped_per_beneficiary(personas, ref):
    p = project(
        personas.lam_dong, category="KC02", support=25, total=50, support_content=SupportContent.START_UP
    )
    assert [v.code for v in cap_violations(p)] == ["TT28-2018-KHOISU"]  # one enterprise: ≤ 10 million
    from khuyencong.facilities.tests.factories import FacilityFactory

    p.beneficiaries.add(*FacilityFactory.create_batch(2, province=personas.lam_dong))
    assert cap_violations(p) == []  # three enterprises: ≤ 30 million


def provincial_cap(province, **extra):
    values = {
        "province": province,
        "category": ContentCategory.objects.get(code="KC03"),
        "description": "Hỗ trợ xây dựng mô hình trình diễn kỹ thuật",
        "max_amount_vnd": 250 * M,
        "resolution_number": "23/2025/NQ-HĐND",
        "resolution_date": date(2025, 10, 28),
        "issuing_body": "HĐND tỉnh Lâm Đồng",
        "valid_from": date(2026, 1, 1),
        **extra,
    }
    return ProvincialSupportCap.objects.create(**values)


def test_adjustment_above_a_provincial_cap_is_refused_unless_an_exception_is_recorded(client, personas, ref):
    provincial_cap(personas.lam_dong)
    p = drive(project(personas.lam_dong, support=200), Status.IN_PROGRESS, personas)
    officer = personas.lamdong
    services.request_adjustment(p, actor=officer, kinds=["budget"], changes={"state_support_vnd": 300 * M})
    client.force_login(officer)
    form = client.get(reverse("programs:project-transition", args=[p.pk, "approve_adjustment"]))
    assert 'id="cap-violations"' in form.content.decode()  # the proposed version breaks the cap
    with pytest.raises(services.WorkflowError) as refused:
        services.approve_adjustment(p, actor=officer, document=DOC)
    assert "23/2025/NQ-HĐND" in str(refused.value) and "HĐND tỉnh Lâm Đồng" in str(refused.value)
    p.refresh_from_db()
    assert (p.status, p.state_support_vnd, p.version_number) == (Status.ADJUSTMENT_REQUESTED, 200 * M, 1)

    p = services.approve_adjustment(
        p, actor=officer, document=DOC, cap_exception="Quyết định 45/QĐ-UBND ngày 02/3/2026 của UBND tỉnh"
    )
    assert (p.status, p.state_support_vnd, p.version_number) == (Status.IN_PROGRESS, 300 * M, 2)
    [exception] = p.cap_exceptions.all()
    assert (exception.step, exception.version_number) == ("approve_adjustment", 2)
    assert "23/2025/NQ-HĐND" in exception.cap_legal_source


def test_a_provincial_cap_binds_only_its_province_local_projects_in_its_dates(personas, ref):
    provincial_cap(personas.lam_dong)
    assert cap_violations(project(personas.lam_dong, support=300))
    assert cap_violations(project(personas.ha_noi, support=300)) == []
    assert cap_violations(project(personas.lam_dong, support=300, year=2025)) == []  # before it applied
    national = project(personas.lam_dong, level=Level.NATIONAL, support=300, total=1500)
    assert cap_violations(national) == []


def test_officers_keep_their_own_province_caps(client, personas, ref):
    client.force_login(personas.lamdong)
    create = reverse("programs:provincial-cap-create")
    data = {
        "province": personas.lam_dong.pk,
        "category": ContentCategory.objects.get(code="KC03").pk,
        "description": "Mô hình trình diễn",
        "max_share_percent": "40",
        "max_amount_vnd": str(250 * M),
        "resolution_number": "23/2025/NQ-HĐND",
        "resolution_date": "2025-10-28",
        "issuing_body": "HĐND tỉnh Lâm Đồng",
        "valid_from": "2026-01-01",
    }
    assert client.post(create, data).status_code == 302
    cap = ProvincialSupportCap.objects.get()
    listing = client.get(reverse("programs:provincial-cap-list")).content.decode()
    assert "23/2025/NQ-HĐND" in listing
    # A resolution cannot apply before it was adopted: named field, nothing written.
    response = client.post(create, {**data, "valid_from": "2025-01-01"})
    assert response.status_code == 200 and "trước ngày được thông qua" in response.content.decode()
    assert ProvincialSupportCap.objects.count() == 1
    # Another province is out of the officer's scope.
    response = client.post(create, {**data, "province": personas.ha_noi.pk})
    assert response.status_code == 200 and ProvincialSupportCap.objects.count() == 1
    client.force_login(personas.hanoi)
    assert client.get(reverse("programs:provincial-cap-update", args=[cap.pk])).status_code == 404
    assert "23/2025" not in client.get(reverse("programs:provincial-cap-list")).content.decode()


def test_api_approval_is_refused_above_a_cap_and_takes_an_exception(personas, ref):
    from rest_framework.test import APIClient

    provincial_cap(personas.lam_dong)
    p = drive(project(personas.lam_dong, support=300), Status.SUBMITTED, personas)
    client = APIClient()
    client.force_authenticate(personas.lamdong)
    url = f"/api/v1/programs/projects/{p.pk}/transition/"
    body = {
        "name": "approve",
        "plan": plan_for(p).pk,
        "document": {"number": "12/QĐ-SCT", "issued_on": "2026-02-10"},
    }
    response = client.post(url, body, format="json")
    assert response.status_code == 400 and "23/2025/NQ-HĐND" in str(response.json())
    p.refresh_from_db()
    assert p.status == Status.SUBMITTED
    response = client.post(url, {**body, "cap_exception": "Công văn 123/BCT-ĐMST"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == Status.APPROVED_IN_PLAN


def test_a_record_written_in_an_approved_state_passes_the_caps_too(personas, ref):
    p = machinery(personas, support=250)
    values = {"status": Status.APPROVED_IN_PLAN, "state_support_vnd": 400 * M}
    errors = references.errors_for(personas.central, Project, values, p)
    assert "state_support_vnd" in errors and "28/2018/TT-BTC" in " ".join(errors["state_support_vnd"])
    assert references.errors_for(personas.central, Project, {"state_support_vnd": 400 * M}, p) == {}
