"""Demo personas (DESIGN §5): one login per role, password `khuyencong-demo`. Loaded only with DEBUG on."""

from datetime import date

from khuyencong.geography.models import AdminUnit

from .choices import OrganisationKind, Role
from .models import Organisation, RoleAssignment, User

DEMO_PASSWORD = "khuyencong-demo"  # noqa: S105 - documented demo credential, refused when DEBUG is off


def province(code):
    return AdminUnit.objects.get(scheme="2025", level="province", code=code)


def legacy_province(code):
    return AdminUnit.objects.get(scheme="legacy", level="province", code=code)


def organisation(name, kind, prov=None, **extra):
    org, _ = Organisation.objects.update_or_create(
        name=name, defaults={"kind": kind, "province": prov, **extra}
    )
    return org


def person(username, first_name, last_name, org, role, *, prov=None, role_org=None, communes=()):
    user, created = User.objects.get_or_create(username=username)
    user.first_name, user.last_name, user.organisation = first_name, last_name, org
    user.email = f"{username}@demo.khuyencong.invalid"
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
    user.save()
    assignment, _ = RoleAssignment.objects.update_or_create(
        user=user, role=role, defaults={"province": prov, "organisation": role_org}
    )
    if communes:
        assignment.communes.set(communes)
    return user


def load():
    lam_dong, ha_noi = province("68"), province("01")
    dak_nong = legacy_province("67")
    central = organisation(
        "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công",
        OrganisationKind.CENTRAL_AGENCY,
        short_name="Cục ĐCK",
        valid_from=date(2025, 3, 1),
    )
    so_lam_dong = organisation(
        "Sở Công Thương tỉnh Lâm Đồng", OrganisationKind.DEPARTMENT, lam_dong, valid_from=date(2025, 7, 1)
    )
    so_dak_nong = organisation(
        "Sở Công Thương tỉnh Đắk Nông",
        OrganisationKind.DEPARTMENT,
        dak_nong,
        valid_to=date(2025, 6, 30),
        successor=so_lam_dong,
    )
    organisation(
        "Trung tâm Khuyến công và Xúc tiến thương mại tỉnh Đắk Nông",
        OrganisationKind.PROMOTION_CENTRE,
        dak_nong,
        valid_to=date(2025, 6, 30),
    )
    organisation(
        "Trung tâm Khuyến công tỉnh Lâm Đồng",
        OrganisationKind.PROMOTION_CENTRE,
        lam_dong,
        valid_from=date(2025, 7, 1),
    )
    so_ha_noi = organisation("Sở Công Thương thành phố Hà Nội", OrganisationKind.DEPARTMENT, ha_noi)
    investor = organisation(
        "Công ty Cổ phần BMC Đắk Nông (minh họa)",
        OrganisationKind.ENTERPRISE,
        dak_nong,
        tax_code="6400000001",
    )
    ward = AdminUnit.objects.filter(scheme="2025", level="commune", province=lam_dong).order_by("code")[:2]
    # The commune of the Thuận An cluster (former Đắk Nông, Đắk Mil district): Xã Thuận An of Lâm Đồng.
    thuan_an = AdminUnit.objects.get(scheme="2025", level="commune", province=lam_dong, name="Thuận An")
    commune_committee = organisation(
        "Ủy ban nhân dân xã Thuận An",
        OrganisationKind.PEOPLES_COMMITTEE,
        lam_dong,
        valid_from=date(2025, 7, 1),
    )
    # A tenant of the Thuận An cluster (its coffee plant, reports/demo.py links the project to it).
    enterprise = organisation(
        "Công ty TNHH Cà phê Đắk Mil (minh họa)", OrganisationKind.ENTERPRISE, dak_nong, tax_code="6400000002"
    )

    person("trunguong", "Minh", "Nguyễn Văn", central, Role.CENTRAL)
    person("lamdong", "Lan", "Trần Thị", so_lam_dong, Role.PROVINCE_OFFICER, prov=lam_dong)
    person("hanoi", "Hùng", "Lê Văn", so_ha_noi, Role.PROVINCE_OFFICER, prov=ha_noi)
    person("nhadautu", "Bình", "Phạm Văn", investor, Role.INVESTOR, role_org=investor)
    person("ctv", "Hoa", "H'Niê", so_lam_dong, Role.COLLABORATOR, communes=list(ward))
    person("doanhnghiep", "Dũng", "Võ Văn", enterprise, Role.TENANT, role_org=enterprise)
    person("xa", "Mai", "Đỗ Thị", commune_committee, Role.COMMUNE_OFFICER, prov=lam_dong, communes=[thuan_an])
    return (
        f"{User.objects.count()} users, {Organisation.objects.count()} organisations ({so_dak_nong} merged)"
    )
