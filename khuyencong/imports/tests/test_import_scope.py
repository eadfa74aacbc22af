"""Issue #17 (3): every lookup of the import sheets stays inside the importer's scope, and each row is
checked by the one domain check (core.references.errors_for) the forms and the API use.

A record outside the importer's scope reads exactly like an unknown one: a foreign tax code, cluster
code or organisation name is never linked, and its name is never shown."""

import openpyxl
import pytest

from khuyencong.accounts.choices import OrganisationKind, Role
from khuyencong.accounts.models import Organisation
from khuyencong.accounts.tests.factories import user_with_role
from khuyencong.clusters.models import Cluster, TenantProject
from khuyencong.facilities.choices import FacilityKind
from khuyencong.facilities.models import Facility
from khuyencong.geography.models import AdminUnit
from khuyencong.imports.services import import_workbook
from khuyencong.programs.models import Project, StatusChange

from .workbooks import CLUSTER_HEADERS, PROJECT_HEADERS, TENANT_HEADERS

pytestmark = pytest.mark.django_db


def workbook(path, *sheets):
    """A plain workbook: (title, headers, rows) per sheet, the header on row 1."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(headers)
        for i, row in enumerate(rows, start=1):
            sheet.append([i, *row])
    book.save(path)
    return path


def project_row(code, beneficiary=None, unit="Trung tâm Khuyến công Lâm Đồng", province="Lâm Đồng"):
    return [code, "Đào tạo nghề dệt", "Địa phương", 2026, province, "Đào tạo nghề", unit, beneficiary, "100"]


def projects(path, *rows):
    headers = [*PROJECT_HEADERS[:10], "Trạng thái"]
    rows = [[*row, "Đã phê duyệt"] for row in rows]
    return workbook(path, ("Đề án khuyến công", headers, rows))


def legacy(name):
    return AdminUnit.objects.get(scheme="legacy", level="province", name=name)


@pytest.fixture
def hanoi_facility(personas):
    return Facility.objects.create(
        name="Công ty TNHH Dệt Hà Nội",
        kind=FacilityKind.ENTERPRISE,
        tax_code="0101234567",
        province=personas.ha_noi,
    )


def test_a_foreign_tax_code_in_the_project_sheet_is_refused_like_an_unknown_one(
    personas, ref, tmp_path, hanoi_facility
):
    path = projects(tmp_path / "de-an.xlsx", project_row("KCĐP-26-01", "0101234567"))
    result = import_workbook(str(path), actor=personas.lamdong)
    assert not result.ok and not result.written
    foreign = "\n".join(result.errors())
    assert "không tìm thấy cơ sở thụ hưởng '0101234567'" in foreign
    assert "Dệt Hà Nội" not in foreign  # nothing tells the importer that the establishment exists

    path = projects(tmp_path / "unknown.xlsx", project_row("KCĐP-26-01", "0109999999"))
    unknown = "\n".join(import_workbook(str(path), actor=personas.lamdong).errors())
    assert foreign.replace("0101234567", "X") == unknown.replace("0109999999", "X")
    assert not hanoi_facility.projects.exists() and Project.objects.count() == 0


def test_a_foreign_tax_code_in_the_facility_sheet_reads_as_a_new_establishment(
    personas, tmp_path, hanoi_facility
):
    headers = ["STT", "Tên cơ sở", "Mã số thuế", "Loại hình", "Tỉnh"]
    rows = [["Cơ sở Dệt Lâm Đồng", "0101234567", "Hộ kinh doanh", "Lâm Đồng"]]
    path = workbook(tmp_path / "co-so.xlsx", ("Cơ sở CNNT", headers, rows))
    result = import_workbook(str(path), actor=personas.lamdong)
    assert result.ok and result.written, result.errors()
    hanoi_facility.refresh_from_db()
    assert hanoi_facility.name == "Công ty TNHH Dệt Hà Nội" and hanoi_facility.province == personas.ha_noi
    mine = Facility.objects.get(name="Cơ sở Dệt Lâm Đồng")
    assert mine.province == personas.lam_dong and mine.pk != hanoi_facility.pk


def test_an_organisation_outside_the_importers_scope_is_not_linked(personas, ref, tmp_path):
    national = Organisation.objects.create(
        name="Trung tâm Khuyến công Quốc gia", kind=OrganisationKind.PROMOTION_CENTRE
    )
    path = projects(tmp_path / "de-an.xlsx", project_row("KCĐP-26-02", unit="Trung tâm Khuyến công Quốc gia"))
    result = import_workbook(str(path), actor=personas.lamdong)
    assert result.ok, result.errors()
    unit = Project.objects.get(code="KCĐP-26-02").executing_unit
    assert unit.pk != national.pk and unit.province == personas.lam_dong

    # The same for a cluster's infrastructure investor (the persona's investor has no province).
    row = ["CCN-LD-01", "Cụm công nghiệp Lộc Sơn", "Lâm Đồng", "50"] + [None] * 6
    row += [personas.investor_org.name, "Doanh nghiệp"]
    path = workbook(tmp_path / "ccn.xlsx", ("Cụm công nghiệp", CLUSTER_HEADERS[:13], [row]))
    result = import_workbook(str(path), actor=personas.lamdong)
    assert result.ok, result.errors()
    investor = Cluster.objects.get(code="CCN-LD-01").investor
    assert investor.pk != personas.investor_org.pk and investor.province == personas.lam_dong


def test_a_cluster_outside_the_importers_scope_reads_as_unknown(personas, tmp_path):
    # An officer whose grant is the former Đắk Nông only: Bình Thuận (merged into Lâm Đồng with it) is
    # of the same family of units, but not in the officer's scope.
    officer = user_with_role(Role.PROVINCE_OFFICER, username="daknong", province=legacy("Đắk Nông"))
    theirs = Cluster.objects.create(code="CCN-01", name="Hàm Kiệm", province=legacy("Bình Thuận"))
    rows = [["CCN-01", "Đắk Nông", "Nhà máy chế biến", "Công ty A", "2", "100", "Đã đăng ký"]]
    path = workbook(tmp_path / "du-an.xlsx", ("Dự án trong CCN", TENANT_HEADERS, rows))
    result = import_workbook(str(path), actor=officer)
    assert not result.ok
    text = "\n".join(result.errors())
    assert "không tìm thấy CCN mã 'CCN-01'" in text and "Hàm Kiệm" not in text
    assert not TenantProject.objects.exists()

    # The cluster sheet: the code is free in Đắk Nông; the other province's cluster is left alone.
    row = ["CCN-01", "Cụm công nghiệp Nhân Cơ", "Đắk Nông", "60"]
    path = workbook(tmp_path / "ccn.xlsx", ("Cụm công nghiệp", CLUSTER_HEADERS[:5], [row]))
    result = import_workbook(str(path), actor=officer)
    assert result.ok, result.errors()
    theirs.refresh_from_db()
    assert theirs.name == "Hàm Kiệm" and theirs.planned_area_ha is None
    assert Cluster.objects.get(code="CCN-01", province=legacy("Đắk Nông")).name == "Nhân Cơ"


def test_the_land_rule_is_the_models_own(personas, tmp_path):
    """The catalogue's land figures are refused by `land_errors`, with its message in both languages."""
    row = ["CCN-LD-02", "Cụm công nghiệp Đạ Tẻh", "Lâm Đồng", "50"] + [None] * 8 + ["30", "31"]
    headers = [*CLUSTER_HEADERS[:13], *CLUSTER_HEADERS[13:15]]
    path = workbook(tmp_path / "ccn.xlsx", ("Cụm công nghiệp", headers, [row]))
    result = import_workbook(str(path), actor=personas.lamdong)
    assert not result.ok
    text = "\n".join(result.errors())
    assert "Diện tích đã cho thuê không được vượt quá diện tích đất công nghiệp." in text
    assert "Leased land cannot exceed the industrial land." in text

    row[12:14] = ["60", "10"]  # industrial land above the cluster's 50 ha
    path = workbook(tmp_path / "ccn2.xlsx", ("Cụm công nghiệp", headers, [row]))
    text = "\n".join(import_workbook(str(path), actor=personas.lamdong).errors())
    assert "Industrial land cannot exceed the total area." in text
    assert not Cluster.objects.exists()


def test_the_imports_status_log_is_written_by_the_programs_service(personas, ref, tmp_path, monkeypatch):
    from khuyencong.programs import services

    calls = []
    original = services.record_import

    def spy(projects, **kwargs):
        calls.append(kwargs)
        return original(projects, **kwargs)

    monkeypatch.setattr(services, "record_import", spy)
    path = projects(tmp_path / "de-an.xlsx", project_row("KCĐP-26-03"), project_row("KCĐP-26-04"))
    result = import_workbook(str(path), actor=personas.lamdong)
    assert result.ok, result.errors()
    assert len(calls) == 1 and calls[0]["actor"] == personas.lamdong
    log = StatusChange.objects.filter(project__code__in=["KCĐP-26-03", "KCĐP-26-04"])
    assert (
        sorted(log.values_list("transition", "to_status", "changed_by"))
        == [("import", "approved_in_plan", personas.lamdong.pk)] * 2
    )
