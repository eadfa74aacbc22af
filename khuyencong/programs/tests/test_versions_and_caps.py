"""Adjustments keep every version and are comparable; support caps are versioned rules."""

from datetime import date
from decimal import Decimal

import pytest

from khuyencong.programs import services
from khuyencong.programs.caps import cap_violations
from khuyencong.programs.choices import Level, RequestStatus, Status
from khuyencong.programs.models import ContentCategory, SupportCap

from .factories import DOC, M, drive, project

pytestmark = pytest.mark.django_db


def test_adjustment_history_keeps_every_version(personas, ref):
    p = drive(project(personas.lam_dong, support=200, total=1000), Status.IN_PROGRESS, personas)
    officer = personas.lamdong
    services.request_adjustment(
        p, actor=officer, kinds=["budget"], changes={"state_support_vnd": 250 * M}, note="giá tăng"
    )
    p.refresh_from_db()
    assert p.status == Status.ADJUSTMENT_REQUESTED
    assert p.state_support_vnd == 200 * M  # nothing changes until approved
    p = services.approve_adjustment(p, actor=officer, document=DOC)
    assert (p.status, p.state_support_vnd, p.version_number) == (Status.IN_PROGRESS, 250 * M, 2)

    services.request_adjustment(
        p, actor=officer, kinds=["schedule"], changes={"end_date": date(2026, 12, 31)}
    )
    p = services.refuse_adjustment(p, actor=officer, document=DOC, note="không đủ căn cứ")
    p.refresh_from_db()
    assert p.end_date == date(2026, 11, 30) and p.version_number == 2

    services.request_adjustment(p, actor=officer, kinds=["content"], changes={"title": "Tên mới"})
    p = services.approve_adjustment(p, actor=officer, document=DOC)
    assert p.title == "Tên mới" and p.version_number == 4

    versions = list(p.versions.order_by("number"))
    assert [(v.number, v.status) for v in versions] == [
        (1, RequestStatus.APPROVED),
        (2, RequestStatus.APPROVED),
        (3, RequestStatus.REFUSED),
        (4, RequestStatus.APPROVED),
    ]
    assert services.compare(versions[0].data, versions[1].data) == [("state_support_vnd", 200 * M, 250 * M)]
    assert services.compare(versions[1].data, versions[2].data) == [("end_date", "2026-11-30", "2026-12-31")]
    assert [c[0] for c in services.compare(versions[1].data, versions[3].data)] == ["title"]
    assert (
        versions[3].data["state_support_vnd"] == 250 * M
    )  # built on the approved version, not the refused one
    assert p.history.count() > 1


def test_beneficiary_adjustment_replaces_beneficiaries(personas, ref):
    from khuyencong.facilities.tests.factories import FacilityFactory

    p = drive(project(personas.lam_dong), Status.CONTRACTED, personas)
    other = FacilityFactory(province=personas.lam_dong)
    services.request_adjustment(
        p, actor=personas.lamdong, kinds=["beneficiary"], changes={"beneficiary_ids": [other.pk]}
    )
    p = services.approve_adjustment(p, actor=personas.lamdong, document=DOC)
    assert list(p.beneficiaries.all()) == [other]
    assert p.status == Status.CONTRACTED


def test_adjustment_rejects_unknown_fields_and_empty_changes(personas, ref):
    p = drive(project(personas.lam_dong), Status.APPROVED_IN_PLAN, personas)
    with pytest.raises(services.WorkflowError):
        services.request_adjustment(p, actor=personas.lamdong, changes={"status": "settled"})
    with pytest.raises(services.WorkflowError):
        services.request_adjustment(p, actor=personas.lamdong, changes={})
    p.refresh_from_db()
    assert p.status == Status.APPROVED_IN_PLAN


def test_demonstration_model_cap_flags_the_rule(personas, ref):
    ok = project(personas.lam_dong, level=Level.NATIONAL, support=900, total=3000, year=2026)
    assert cap_violations(ok) == []
    too_much = project(personas.lam_dong, level=Level.NATIONAL, support=1100, total=4000, year=2026)
    too_high_share = project(personas.lam_dong, level=Level.NATIONAL, support=400, total=1000, year=2026)
    [violation] = cap_violations(too_much)
    assert violation.cap.code == "TT28-2018-MHTD" and "28/2018/TT-BTC" in violation.message
    [violation] = cap_violations(too_high_share)
    assert violation.cap.max_share_percent == Decimal(30)
    # Local đề án follow provincial rules; the national cap does not apply to them.
    assert cap_violations(project(personas.lam_dong, level=Level.LOCAL, support=1100, total=4000)) == []


def test_caps_are_versioned_by_date(personas, ref):
    # 2016: TTLT 26/2014 capped a demonstration model at 500 million; 2026: TT 28/2018 at 1,000 million.
    old = project(personas.lam_dong, level=Level.NATIONAL, support=600, total=2500, year=2016)
    new = project(personas.lam_dong, level=Level.NATIONAL, support=600, total=2500, year=2026)
    assert [v.cap.code for v in cap_violations(old)] == ["TTLT26-2014-MHTD"]
    assert cap_violations(new) == []
    assert {c.legal_source for c in SupportCap.objects.valid_on(date(2016, 1, 1))} == {
        "Thông tư liên tịch 26/2014/TTLT-BTC-BCT"
    }


def test_province_specific_cap(personas, ref):
    SupportCap.objects.create(
        code="HN-TEST",
        description="Mức riêng",
        level=Level.LOCAL,
        province=personas.ha_noi,
        category=ContentCategory.objects.get(code="KC03"),
        max_amount_vnd=100 * M,
        legal_source="NQ thử",
        valid_from=date(2020, 1, 1),
    )
    assert cap_violations(project(personas.ha_noi, support=150, total=1000))
    assert cap_violations(project(personas.lam_dong, support=150, total=1000)) == []
