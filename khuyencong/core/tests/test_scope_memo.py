"""The access scope is computed once per request and user object, and never outlives a change of roles.

`core.scoping.access_scope` keeps a user's scope on the user object; these tests pin when it must be
computed again: a new request (even with the same user object, as an API client authenticated once
does), a role added or removed, another user. Detail pages read "may this user edit it" with the row
(`with_edit_flag`); it must agree with `can_edit`, and writes are still checked against the saved row.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from khuyencong.accounts.choices import Role
from khuyencong.accounts.models import RoleAssignment
from khuyencong.clusters.tests.factories import ClusterFactory
from khuyencong.core.scoping import access_scope, can_edit
from khuyencong.facilities.models import Facility
from khuyencong.facilities.tests.factories import FacilityFactory
from khuyencong.programs.models import Project
from khuyencong.programs.tests.factories import project

pytestmark = pytest.mark.django_db


def scope_queries(captured):
    return [q for q in captured.captured_queries if "accounts_roleassignment" in q["sql"]]


def test_the_scope_is_computed_once_for_many_questions(personas):
    user = personas.lamdong
    FacilityFactory(province=personas.dak_nong)
    with CaptureQueriesContext(connection) as captured:
        for _ in range(5):
            assert Facility.objects.visible_to(user).exists()
            access_scope(user)
    assert len(scope_queries(captured)) == 1
    # One statement, whatever the roles: the assignments and the former provinces they cover.
    assert personas.dak_nong.pk in access_scope(user).grants[0].provinces


def test_a_role_removed_or_added_is_seen_at_once_by_the_same_user_object(personas):
    user = personas.lamdong
    facility = FacilityFactory(province=personas.dak_nong)
    assert Facility.objects.visible_to(user).filter(pk=facility.pk).exists()

    RoleAssignment.objects.filter(user=user).delete()
    assert not Facility.objects.visible_to(user).filter(pk=facility.pk).exists()
    assert access_scope(user).grants == ()

    RoleAssignment.objects.create(user=user, role=Role.PROVINCE_OFFICER, province=personas.lam_dong)
    assert Facility.objects.visible_to(user).filter(pk=facility.pk).exists()


def test_a_collaborators_new_commune_is_seen_at_once(personas):
    user = personas.collaborator
    other = personas.commune.__class__.objects.filter(
        scheme="2025", level="commune", province=personas.ha_noi
    ).first()
    facility = FacilityFactory(province=personas.ha_noi, commune=other)
    assert not Facility.objects.visible_to(user).filter(pk=facility.pk).exists()
    user.role_assignments.get().communes.add(other)
    assert Facility.objects.visible_to(user).filter(pk=facility.pk).exists()


def test_a_new_request_computes_the_scope_again_for_the_same_user_object(personas):
    """An API client authenticated once sends the same user object with every request. A role that ends
    without any signal (a bulk update) must be seen by the next request."""
    user = personas.lamdong
    facility = FacilityFactory(province=personas.dak_nong)
    api = APIClient()
    api.force_authenticate(user)
    assert api.get(f"/api/v1/facilities/{facility.pk}/").status_code == 200

    RoleAssignment.objects.filter(user=user).update(valid_to=date.today() - timedelta(days=1))
    assert api.get(f"/api/v1/facilities/{facility.pk}/").status_code == 404


def test_the_scope_of_one_user_is_never_another_users(client, personas):
    facility = FacilityFactory(province=personas.dak_nong)
    assert Facility.objects.visible_to(personas.lamdong).filter(pk=facility.pk).exists()
    assert not Facility.objects.visible_to(personas.hanoi).filter(pk=facility.pk).exists()
    for who, status in (("lamdong", 200), ("hanoi", 404), ("lamdong", 200)):
        client.force_login(getattr(personas, who))
        assert client.get(f"/facilities/{facility.pk}/").status_code == status, who


def test_the_edit_flag_of_a_row_agrees_with_can_edit(personas, ref):
    records = [
        project(personas.dak_nong),
        project(personas.ha_noi),
        ClusterFactory(province=personas.dak_nong, investor=personas.investor_org),
        ClusterFactory(province=personas.ha_noi),
        FacilityFactory(province=personas.dak_nong, commune=None),
    ]
    users = [personas.central, personas.lamdong, personas.hanoi, personas.investor, personas.collaborator]
    users += [personas.viewer, personas.nobody, personas.admin]
    for user in users:
        for record in records:
            flagged = type(record).objects.visible_to(user).with_edit_flag(user).filter(pk=record.pk).first()
            if flagged is not None:
                assert flagged.user_can_edit == can_edit(user, record), (user.username, record)


def test_a_write_is_checked_against_the_saved_row_not_the_flag(personas, ref):
    user = personas.lamdong
    subject = Project.objects.with_edit_flag(user).get(pk=project(personas.dak_nong).pk)
    assert subject.user_can_edit
    subject.province = personas.ha_noi
    subject.save()
    assert not can_edit(user, subject)  # what ScopedFormMixin asks after saving
