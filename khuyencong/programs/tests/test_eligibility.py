"""Beneficiary kinds as a dated rule (#20 item 6): Decree 235/2025 adds unions of cooperatives, artisans
and CCN infrastructure investors from 15/10/2025; before, Decree 45/2012's kinds only."""

from datetime import date

import pytest
from django.urls import reverse

from khuyencong.facilities.choices import FacilityKind
from khuyencong.facilities.eligibility import eligible_kinds
from khuyencong.facilities.tests.factories import FacilityFactory
from khuyencong.programs.choices import Status

from .factories import drive, plan_for, project

pytestmark = pytest.mark.django_db


def test_kinds_by_decree_and_date():
    before, after = eligible_kinds(date(2025, 10, 14)), eligible_kinds(date(2025, 10, 15))
    assert FacilityKind.HOUSEHOLD in before and FacilityKind.HOUSEHOLD in after
    for kind in (FacilityKind.UNION_OF_COOPERATIVES, FacilityKind.ARTISAN, FacilityKind.CLUSTER_INVESTOR):
        assert kind not in before and kind in after


@pytest.mark.parametrize(("issued_on", "approved"), [("2025-10-01", False), ("2025-10-15", True)])
def test_an_artisan_may_be_supported_from_decree_235(client, personas, ref, issued_on, approved):
    p = project(personas.lam_dong, year=2025)
    artisan = FacilityFactory(province=personas.lam_dong, kind=FacilityKind.ARTISAN, name="Nghệ nhân Ka Dơng")
    p.beneficiaries.set([artisan])
    p = drive(p, Status.SUBMITTED, personas)
    p.plan = plan_for(p)
    p.save(update_fields=["plan"])
    client.force_login(personas.lamdong)
    response = client.post(
        reverse("programs:project-transition", args=[p.pk, "approve"]),
        {"number": "7/QĐ-SCT", "issued_on": issued_on, "issuing_body_name": "Sở Công Thương"},
    )
    p.refresh_from_db()
    if approved:
        assert response.status_code == 302 and p.status == Status.APPROVED_IN_PLAN
    else:
        assert response.status_code == 200 and p.status == Status.SUBMITTED
        page = response.content.decode()
        assert "Nghệ nhân Ka Dơng" in page and "45/2012" in page


def test_a_union_of_cooperatives_is_a_beneficiary_kind(personas):
    union = FacilityFactory(province=personas.lam_dong, kind=FacilityKind.UNION_OF_COOPERATIVES)
    union.refresh_from_db()
    assert union.kind == FacilityKind.UNION_OF_COOPERATIVES  # stored whole (21 characters)


def test_the_domain_check_reads_eligibility_on_the_approval_day(personas, ref):
    from khuyencong.core import references
    from khuyencong.programs.models import Project

    p = project(personas.lam_dong)
    investor = FacilityFactory(province=personas.lam_dong, kind=FacilityKind.CLUSTER_INVESTOR)
    # Prepared today (after 15/10/2025): a CCN infrastructure investor may be a beneficiary.
    assert references.errors_for(personas.lamdong, Project, {"beneficiaries": [investor]}, p) == {}
    # Written as approved with a 2024 start (ND 45/2012 then), it is refused, naming the decree.
    values = {"beneficiaries": [investor], "status": Status.APPROVED_IN_PLAN, "start_date": date(2024, 3, 1)}
    values["plan_year"] = 2024
    errors = references.errors_for(personas.lamdong, Project, values, p)
    assert "45/2012" in " ".join(errors["beneficiaries"])
