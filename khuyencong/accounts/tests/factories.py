"""Factories and the persona set used across the suite."""

from types import SimpleNamespace

import factory

from khuyencong.accounts.choices import OrganisationKind, Role
from khuyencong.accounts.models import Organisation, RoleAssignment, User
from khuyencong.geography.models import AdminUnit

PASSWORD = "pw-for-tests"  # noqa: S105


def province(code, scheme="2025"):
    return AdminUnit.objects.get(scheme=scheme, level="province", code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Tổ chức {n}")
    kind = OrganisationKind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(role, *, username=None, province=None, organisation=None, communes=()):
    user = UserFactory(**({"username": username} if username else {}), organisation=organisation)
    assignment = RoleAssignment.objects.create(
        user=user, role=role, province=province, organisation=organisation
    )
    if communes:
        assignment.communes.set(communes)
    return user


def PersonaFactory():  # noqa: N802 - reads like the other factories
    """Central agency, officers of Lâm Đồng and Hà Nội, an investor, a collaborator, a viewer, an admin."""
    lam_dong, ha_noi = province("68"), province("01")
    investor_org = OrganisationFactory(name="Công ty Hạ tầng Thử nghiệm", kind=OrganisationKind.ENTERPRISE)
    commune = (
        AdminUnit.objects.filter(scheme="2025", level="commune", province=lam_dong).order_by("code").first()
    )
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    return SimpleNamespace(
        central=user_with_role(Role.CENTRAL, username="central"),
        lamdong=user_with_role(Role.PROVINCE_OFFICER, username="lamdong", province=lam_dong),
        hanoi=user_with_role(Role.PROVINCE_OFFICER, username="hanoi", province=ha_noi),
        investor=user_with_role(Role.INVESTOR, username="investor", organisation=investor_org),
        collaborator=user_with_role(Role.COLLABORATOR, username="ctv", communes=[commune]),
        viewer=user_with_role(Role.VIEWER, username="viewer"),
        nobody=UserFactory(username="nobody"),
        admin=admin,
        lam_dong=lam_dong,
        ha_noi=ha_noi,
        dak_nong=province("67", scheme="legacy"),
        investor_org=investor_org,
        commune=commune,
    )
