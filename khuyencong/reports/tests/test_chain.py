"""Reporting chain (issue 10): investors file Biểu 01/02; the Sở records Biểu 03, reviews, files 04."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from khuyencong.accounts.models import User
from khuyencong.accounts.tests.factories import province
from khuyencong.clusters.models import Cluster
from khuyencong.reports import submission_output, submissions
from khuyencong.reports.models import Submission
from khuyencong.reports.periods import Period, ReportForm

pytestmark = pytest.mark.django_db
PERIOD = Period(2026, "half_year")


def user(name):
    return User.objects.get(username=name)


def bmc():
    return Cluster.objects.get(name="BMC")


def test_investor_files_its_cluster_forms_and_the_department_reviews(client, demo):
    investor, lamdong, central, hanoi = user("nhadautu"), user("lamdong"), user("trunguong"), user("hanoi")
    client.force_login(investor)
    chain = client.get(reverse("reports:submission-chain"), {"period": PERIOD.code})
    rows = chain.context["rows"]
    mine = [r for r in rows if r["subject"] == "cluster"]
    assert {r["form"] for r in mine} == {"bieu01", "bieu02"} and all(r["can_open"] for r in mine)
    assert not any(r["can_open"] for r in rows if r["subject"] != "cluster")
    response = client.post(
        reverse("reports:submission-open"), {"form": "bieu01", "period": PERIOD.code, "cluster": bmc().pk}
    )
    form01 = Submission.objects.get(form="bieu01", cluster=bmc())
    assert response.url == form01.get_absolute_url()
    assert form01.province == province("68")  # BMC lies in the former Đắk Nông: today's Lâm Đồng
    assert form01.figures["cluster"]["name"] == "BMC" and "projects" in form01.figures
    assert submission_output.form_tables(form01.figures)[0][1][0] == "Dự án"
    client.post(reverse("reports:submission-step", args=[form01.pk]), {"step": "submit"})
    form01.refresh_from_db()
    assert form01.status == "submitted"

    # The investor cannot accept its own report, nor can the central agency; the Sở can.
    assert (
        client.post(reverse("reports:submission-step", args=[form01.pk]), {"step": "accept"}).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        submissions.accept(form01, actor=central)
    submissions.accept(form01, actor=lamdong, comment="Đạt")
    form01.refresh_from_db()
    assert form01.status == "accepted"

    # Another province sees none of it; an officer cannot file an investor's form.
    client.force_login(hanoi)
    assert client.get(form01.get_absolute_url()).status_code == 404
    with pytest.raises(PermissionDenied):
        submissions.open_draft(form=ReportForm.BIEU_02, period=PERIOD, cluster=bmc(), actor=lamdong)


def test_department_records_commune_reports_and_sees_who_is_late(client, demo):
    lamdong = user("lamdong")
    client.force_login(lamdong)
    chain = client.get(reverse("reports:submission-chain"), {"period": "2025-6t"})
    rows = chain.context["rows"]
    communes = [r for r in rows if r["form"] == "bieu03"]
    assert communes and all(r["can_open"] for r in communes)
    assert rows[-1]["form"] == "bieu04"
    # The deadlines of 2025 are past: every unfiled report is late, with the days counted.
    assert all(r["late"] for r in rows if r["status"] == "not_started")
    assert chain.context["missing"] == len(rows)
    first = communes[0]
    client.post(
        reverse("reports:submission-open"),
        {"form": "bieu03", "period": "2025-6t", "commune": first["subject_id"]},
    )
    form03 = Submission.objects.get(form="bieu03", commune_id=first["subject_id"])
    assert form03.deadline == date(2025, 6, 25)
    assert form03.figures["totals"]["count"] >= 1
    chain = client.get(reverse("reports:submission-chain"), {"period": "2025-6t"})
    assert chain.context["missing"] == len(rows)  # a draft is not yet filed
    submissions.submit(form03, actor=lamdong)
    chain = client.get(reverse("reports:submission-chain"), {"period": "2025-6t"})
    assert chain.context["missing"] == len(rows) - 1


def test_central_agency_follows_every_province(client, demo):
    client.force_login(user("trunguong"))
    chain = client.get(reverse("reports:submission-chain"), {"period": PERIOD.code, "province": "68"})
    assert len(chain.context["provinces"]) == 34 and chain.context["province"].code == "68"
    assert not any(r["can_open"] for r in chain.context["rows"])


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
