"""The scoping layer on a real scoped model (Organisation): it must fail if bypassed."""

import pytest

from khuyencong.accounts.choices import OrganisationKind
from khuyencong.accounts.models import Organisation
from khuyencong.accounts.tests.factories import OrganisationFactory
from khuyencong.core.scoping import can_edit, can_view

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(personas):
    return {
        "lam_dong": OrganisationFactory(name="Sở CT Lâm Đồng", province=personas.lam_dong),
        "dak_nong": OrganisationFactory(name="Sở CT Đắk Nông (cũ)", province=personas.dak_nong),
        "ha_noi": OrganisationFactory(name="Sở CT Hà Nội", province=personas.ha_noi),
        "central": OrganisationFactory(name="Cục ĐCK", kind=OrganisationKind.CENTRAL_AGENCY),
    }


def names(qs):
    return set(qs.values_list("name", flat=True))


def test_province_officer_sees_own_province_and_its_predecessors_only(personas, orgs):
    visible = names(Organisation.objects.visible_to(personas.lamdong))
    assert visible == {"Sở CT Lâm Đồng", "Sở CT Đắk Nông (cũ)"}
    assert names(Organisation.objects.editable_by(personas.lamdong)) == visible
    assert names(Organisation.objects.visible_to(personas.hanoi)) == {"Sở CT Hà Nội"}


def test_central_agency_sees_all_but_edits_nothing(personas, orgs):
    assert Organisation.objects.visible_to(personas.central).count() == Organisation.objects.count()
    assert Organisation.objects.editable_by(personas.central).count() == 0


def test_investor_sees_only_its_own_organisation(personas, orgs):
    assert names(Organisation.objects.visible_to(personas.investor)) == {personas.investor_org.name}
    assert not can_edit(personas.investor, orgs["lam_dong"])


def test_no_role_anonymous_and_inactive_see_nothing(personas, orgs):
    from django.contrib.auth.models import AnonymousUser

    assert Organisation.objects.visible_to(personas.nobody).count() == 0
    assert Organisation.objects.visible_to(AnonymousUser()).count() == 0
    assert Organisation.objects.visible_to(None).count() == 0
    personas.lamdong.is_active = False
    assert Organisation.objects.visible_to(personas.lamdong).count() == 0


def test_superuser_sees_and_edits_all(personas, orgs):
    assert Organisation.objects.editable_by(personas.admin).count() == Organisation.objects.count()


def test_object_helpers(personas, orgs):
    assert can_view(personas.lamdong, orgs["dak_nong"])
    assert not can_view(personas.lamdong, orgs["ha_noi"])
    assert can_edit(personas.hanoi, orgs["ha_noi"])


def test_expired_role_assignment_grants_nothing(personas, orgs):
    from datetime import date

    from khuyencong.accounts.models import User

    personas.hanoi.role_assignments.update(valid_to=date(2024, 12, 31))
    fresh = User.objects.get(pk=personas.hanoi.pk)
    assert Organisation.objects.visible_to(fresh).count() == 0
