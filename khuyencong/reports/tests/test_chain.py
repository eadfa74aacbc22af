"""The reporting chain of TT 14/2024 (issue 20): Biểu 01 by the enterprise, 02 by the infrastructure investor,
both reviewed by the UBND xã, which files 03 for the Sở, which files 04 for the central agency."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from khuyencong.accounts.models import RoleAssignment, User
from khuyencong.accounts.tests.factories import province
from khuyencong.clusters.models import Cluster, TenantProject
from khuyencong.reports import chain, submission_output, submissions
from khuyencong.reports.models import Submission
from khuyencong.reports.periods import Period, ReportForm

pytestmark = pytest.mark.django_db
PERIOD = Period(2026, "half_year")


def user(name):
    return User.objects.get(username=name)


def coffee_plant():
    return TenantProject.objects.get(cluster__name="Thuận An", name__startswith="Nhà máy chế biến cà phê")


def line(submission, no):
    return next(row for row in submission.figures["rows"] if row["no"] == no)


def test_each_level_files_its_form_and_the_level_above_reviews_it(client, demo):
    tenant, commune, officer, central = user("doanhnghiep"), user("xa"), user("lamdong"), user("trunguong")
    project = coffee_plant()

    # Biểu 01: the enterprise files it for its own project, to the UBND xã of the cluster.
    client.force_login(tenant)
    rows = client.get(reverse("reports:submission-chain"), {"period": PERIOD.code}).context["rows"]
    assert {(r["form"], r["subject_id"]) for r in rows} == {("bieu01", project.pk)} and rows[0]["can_open"]
    client.post(
        reverse("reports:submission-open"),
        {"form": "bieu01", "period": PERIOD.code, "tenant_project": project.pk},
    )
    form01 = Submission.objects.get(form="bieu01", tenant_project=project)
    assert form01.commune.full_name == "Xã Thuận An" and form01.province == province("68")
    assert [r["no"] for r in form01.figures["rows"]] == ["1", "2", "3", "4"]
    with pytest.raises(submissions.SubmissionError, match="Doanh thu"):
        submissions.submit(form01, actor=tenant)  # the lines are not stated yet
    page = client.post(form01.get_absolute_url(), {"revenue_billion_vnd": "-3", "workers": "12"})
    assert (
        "Doanh thu của dự án trong kỳ báo cáo" in page.context["draft_form"].errors["revenue_billion_vnd"][0]
    )
    form01.refresh_from_db()
    assert "revenue_billion_vnd" not in form01.entries  # nothing written
    client.post(
        form01.get_absolute_url(),
        {
            "revenue_billion_vnd": "12,5",
            "budget_billion_vnd": "0,8",
            "workers": "45",
            "average_income_million_vnd": "7,2",
        },
    )
    form01.refresh_from_db()
    assert line(form01, "1")["value"] == 12.5 and line(form01, "3")["value"] == 45
    detail = client.get(form01.get_absolute_url()).content.decode()
    assert "Gửi Ủy ban nhân dân cấp xã" in detail or "Submit to Ủy ban nhân dân cấp xã" in detail
    client.post(reverse("reports:submission-step", args=[form01.pk]), {"step": "submit"})

    # Others see nothing of it; the Sở sees it but the UBND xã reviews it.
    client.force_login(user("nhadautu"))
    assert client.get(form01.get_absolute_url()).status_code == 404
    with pytest.raises(PermissionDenied):
        submissions.accept(form01, actor=officer)
    client.force_login(commune)
    client.post(
        reverse("reports:submission-step", args=[form01.pk]), {"step": "return", "comment": "Ghi rõ số LĐ"}
    )
    form01.refresh_from_db()
    assert form01.status == "returned" and form01.review_comment == "Ghi rõ số LĐ"
    submissions.submit(form01, actor=tenant)
    submissions.accept(form01, actor=commune)

    # Biểu 02: the infrastructure investor of Thuận An files it; the UBND xã accepts it.
    cluster = Cluster.objects.get(name="Thuận An")
    investor = User.objects.create_user("trungtam", password="x")
    RoleAssignment.objects.create(user=investor, role="investor", organisation=cluster.investor)
    with pytest.raises(PermissionDenied):
        submissions.open_draft(form=ReportForm.BIEU_02, period=PERIOD, cluster=cluster, actor=tenant)
    form02 = submissions.open_draft(form=ReportForm.BIEU_02, period=PERIOD, cluster=cluster, actor=investor)
    assert len(form02.figures["rows"]) == 14 and line(form02, "6")["value"] == 2  # its two projects
    assert {item["kind"] for item in form02.figures["infrastructure"]} >= {"roads", "wastewater"}
    entries = {
        "total_investment_billion_vnd": "150",
        "invested_billion_vnd": "60",
        "industrial_land_ready_ha": "30",
        "leased_ha": "12",
        "revenue_billion_vnd": "2",
        "budget_billion_vnd": "0,1",
        "workers": "8",
        "average_income_million_vnd": "6",
        "wastewater_invested": "1",
        "wastewater_compliant": "0",
    }
    with pytest.raises(ValidationError):
        submissions.save_draft(
            form02,
            actor=investor,
            difficulties="",
            proposals="",
            entries={**entries, "wastewater_compliant": "2"},
        )
    submissions.save_draft(form02, actor=investor, difficulties="", proposals="", entries=entries)
    submissions.submit(form02, actor=investor)
    submissions.accept(form02, actor=commune)

    # Biểu 03: the UBND xã files it from what it accepted; the project not yet reported is missing.
    client.force_login(commune)
    rows = client.get(reverse("reports:submission-chain"), {"period": PERIOD.code}).context["rows"]
    mine = [r for r in rows if r["form"] == "bieu03"]
    assert [r["label"] for r in mine] == ["Xã Thuận An"] and mine[0]["can_open"]
    assert not any(r["form"] == "bieu04" for r in rows)
    form03 = submissions.open_draft(
        form=ReportForm.BIEU_03, period=PERIOD, commune=form01.commune, actor=commune
    )
    revenue = line(form03, "23")
    assert (revenue["value"], revenue["reported"], revenue["expected"]) == (12.5, 1, 2)
    assert line(form03, "25")["value"] == 53 and line(form03, "13")["value"] == 150
    assert line(form03, "19")["value"] == 40.0  # 12 of 30 ha
    assert submission_output.note_of(revenue) == "Thiếu báo cáo: mới tổng hợp 1/2"
    with pytest.raises(PermissionDenied):
        submissions.open_draft(form=ReportForm.BIEU_03, period=PERIOD, commune=form01.commune, actor=officer)
    submissions.submit(form03, actor=commune)
    with pytest.raises(PermissionDenied):
        submissions.accept(form03, actor=commune)
    submissions.accept(form03, actor=officer)

    # Biểu 04: the Sở files it from the accepted Biểu 03; communes that did not report are missing.
    form04 = submissions.open_draft(
        form=ReportForm.BIEU_04, period=PERIOD, province=province("68"), actor=officer
    )
    revenue = line(form04, "23")
    assert revenue["value"] == 12.5 and revenue["reported"] == 1 and revenue["expected"] > 1
    assert line(form04, "1")["value"] == 11  # the register's lines are the province's
    submissions.submit(form04, actor=officer)
    submissions.accept(form04, actor=central)
    rows = chain.chain(province("68"), PERIOD, officer)
    levels = {level["form"]: level for level in chain.completeness(rows)}
    assert levels["bieu01"]["accepted"] == 1 and levels["bieu04"]["accepted"] == 1


def test_before_july_2025_the_district_reports_and_the_department_records_it(client, demo):
    """2025-6t falls under TT 14/2024 before TT 38/2025: Biểu 03 is the district's (UBND huyện); districts
    have no accounts any more, so the Sở records them. The commune officer has no part in it."""
    officer, commune = user("lamdong"), user("xa")
    period = Period(2025, "half_year")
    assert period.chain.local_level == "district" and Period(2025, "year").chain.local_level == "commune"
    client.force_login(officer)
    chain = client.get(reverse("reports:submission-chain"), {"period": period.code})
    rows = [r for r in chain.context["rows"] if r["form"] == "bieu03"]
    assert rows and all(r["label"].startswith("Huyện") and r["can_open"] for r in rows)
    assert all(r["late"] for r in chain.context["rows"] if r["status"] == "not_started")
    assert "Ủy ban nhân dân cấp huyện" in chain.content.decode()
    district = rows[0]["subject_id"]
    client.post(
        reverse("reports:submission-open"), {"form": "bieu03", "period": period.code, "commune": district}
    )
    form03 = Submission.objects.get(form="bieu03", commune_id=district)
    assert form03.deadline == date(2025, 6, 25) and form03.figures["commune"]["level"] == "district"
    assert submissions.can_review(form03, officer) and not submissions.can_file(form03, commune)
    client.force_login(commune)
    assert client.get(form03.get_absolute_url()).status_code == 404


def test_roles_see_only_their_own(demo):
    tenant, commune = user("doanhnghiep"), user("xa")
    assert list(TenantProject.objects.visible_to(tenant)) == [coffee_plant()]
    assert list(Cluster.objects.visible_to(tenant)) == []
    assert [c.name for c in Cluster.objects.visible_to(commune)] == ["Thuận An"]
    assert {t.cluster.name for t in TenantProject.objects.visible_to(commune)} == {"Thuận An"}
    assert not Cluster.objects.editable_by(commune).exists()
    assert not TenantProject.objects.editable_by(tenant).exists()


def test_central_agency_follows_every_province(client, demo):
    client.force_login(user("trunguong"))
    chain = client.get(reverse("reports:submission-chain"), {"period": PERIOD.code, "province": "68"})
    assert len(chain.context["provinces"]) == 34 and chain.context["province"].code == "68"
    assert not any(r["can_open"] for r in chain.context["rows"])
    assert {level["form"] for level in chain.context["levels"]} == {"bieu01", "bieu02", "bieu03", "bieu04"}


def test_chain_page_costs_the_same_queries_whatever_the_number_of_clusters_and_communes(client, demo):
    """Each cluster's communes are former (pre-2025) communes: today's commune of each was one query per
    commune (38 queries for Lâm Đồng at national scale)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from khuyencong.accounts.models import Organisation
    from khuyencong.clusters.tests.factories import established_cluster
    from khuyencong.geography.models import AdminUnit

    client.force_login(user("lamdong"))
    former = AdminUnit.objects.filter(level="commune", scheme="legacy", province=province("67", "legacy"))
    former = [unit for unit in former.order_by("code")[:40] if unit.current_units()][:12]
    investor = Organisation.objects.filter(kind="enterprise").first() or Organisation.objects.first()

    def count():
        connection.queries_log.clear()  # the demo runs with DEBUG: a full log (9,000) would capture nothing
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("reports:submission-chain"), {"period": PERIOD.code})
        assert response.status_code == 200
        return len(captured.captured_queries), response.context["rows"]

    def add_clusters(units):
        for unit in units:
            cluster = established_cluster(investor=investor)
            cluster.communes.set([unit])

    add_clusters(former[:2])
    few, rows = count()
    add_clusters(former[2:])
    many, rows = count()
    assert many == few
    listed = {r["subject_id"] for r in rows if r["form"] == "bieu03"}
    assert {AdminUnit.current_units_of(former)[u.pk][0].pk for u in former} <= listed
