"""Periodic report submissions: periods, figures, the submit / return / accept cycle, freezing, access."""

import threading
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse

from khuyencong.accounts.tests.factories import province
from khuyencong.clusters.models import Cluster, TenantProject
from khuyencong.reports import submission_output, submissions
from khuyencong.reports.models import Submission, SubmissionStatus
from khuyencong.reports.periods import Period, ReportForm

pytestmark = pytest.mark.django_db
H1_2026 = Period(2026, "half_year")


def test_periods_follow_tt14():
    half = Period.parse("2025-6t")
    assert (half.start, half.end) == (date(2024, 12, 15), date(2025, 6, 14))
    year = Period.parse("2025-nam")
    assert (year.start, year.end) == (date(2024, 12, 15), date(2025, 12, 14))
    assert half.deadline(ReportForm.BIEU_04) == date(2025, 6, 30)
    assert year.deadline(ReportForm.BIEU_04) == date(2025, 12, 31)
    assert half.deadline(ReportForm.BIEU_03) == date(2025, 6, 25)
    assert year.deadline(ReportForm.BIEU_01) == date(2025, 12, 20)
    with pytest.raises(ValueError):
        Period.parse("2025-q3")


def test_bieu04_figures_come_from_the_records(demo):
    lam_dong = province("68")
    submission = submissions.open_draft(
        form=ReportForm.BIEU_04, period=Period(2025, "half_year"), province=lam_dong, actor=_user("lamdong")
    )
    totals = submission.figures["totals"]
    # The seed figures of the former Đắk Nông roll up into today's Lâm Đồng.
    assert (totals["planned_count"], totals["planned_area_ha"]) == (11, 825)
    assert (totals["established_count"], totals["established_area_ha"]) == (2, 89.61)
    assert totals["detailed_plan_area_ha"] == 149.61
    # Land, projects, revenue and workers come from the Forms 02 / 03 accepted below: none yet, so they are
    # missing (None, said in the note), not zero.
    assert totals["industrial_land_ha"] is None and totals["revenue_billion_vnd"] is None
    # Before 1/7/2025 Form 03 is the district's: the 11 clusters lie in 7 former districts.
    assert submission.figures["expected_below"] == {"bieu03": 7}
    assert "11 cụm công nghiệp" in submission.figures["text"]
    assert [c["name"] for c in submission.figures["clusters"]][:1]
    lines = submission_output.form_tables(submission.figures)[0][2]
    assert lines[1] == (
        "1",
        "Số lượng cụm công nghiệp theo phương án phát triển cụm công nghiệp",
        "Cụm",
        11,
        "",
    )
    land_line = next(line for line in lines if line[0] == "17")
    assert land_line[3] is None and land_line[4] == "Chưa có báo cáo được chấp nhận (0/7)"
    assert len([line for line in lines if line[0][0].isdigit()]) == 35  # 27 lines, 15.1–15.4 and 16.1–16.4


def _user(name):
    from khuyencong.accounts.models import User

    return User.objects.get(username=name)


def _open(client, user, form=ReportForm.BIEU_04, period=H1_2026, code="68"):
    client.force_login(user)
    response = client.post(
        reverse("reports:submission-open"),
        {"form": form, "period": period.code, "province": province(code).pk},
    )
    return response


def test_submit_return_resubmit_accept_and_freeze(client, demo):
    lamdong, central = _user("lamdong"), _user("trunguong")
    response = _open(client, lamdong)
    submission = Submission.objects.get(province__code="68", year=2026, period_kind="half_year")
    assert response.status_code == 302 and response.url == submission.get_absolute_url()
    assert submission.status == SubmissionStatus.DRAFT and submission.deadline == date(2026, 6, 30)

    url = submission.get_absolute_url()
    client.post(url, {"difficulties": "Thiếu vốn hạ tầng", "proposals": "Hỗ trợ kinh phí"})
    client.post(reverse("reports:submission-step", args=[submission.pk]), {"step": "submit"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED and submission.submitted_by == lamdong
    assert submission.difficulties == "Thiếu vốn hạ tầng"

    # The province cannot review its own report.
    response = client.post(reverse("reports:submission-step", args=[submission.pk]), {"step": "accept"})
    assert response.status_code == 403

    client.force_login(central)
    overview = client.get(reverse("reports:submissions"), {"form": "bieu04", "period": "2026-6t"})
    rows = overview.context["rows"]
    assert len(rows) == 34
    states = {r["province"].code: r["status"] for r in rows}
    assert states["68"] == "submitted" and states["01"] == "draft" and states["79"] == "not_started"

    step = reverse("reports:submission-step", args=[submission.pk])
    response = client.post(step, {"step": "return", "comment": ""}, follow=True)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED  # a return needs a comment
    assert "Say what the filer must correct." in response.content.decode() or "cần sửa" in (
        response.content.decode()
    )
    client.post(step, {"step": "return", "comment": "Bổ sung số lao động"})
    submission.refresh_from_db()
    assert (
        submission.status == SubmissionStatus.RETURNED and submission.review_comment == "Bổ sung số lao động"
    )

    client.force_login(lamdong)
    client.post(
        url, {"difficulties": "Thiếu vốn hạ tầng; đã bổ sung lao động", "proposals": "Hỗ trợ kinh phí"}
    )
    client.post(step, {"step": "submit"})
    client.force_login(central)
    client.post(step, {"step": "accept", "comment": "Đạt"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    assert [e.action for e in submission.events.all()] == ["open", "submit", "return", "submit", "accept"]
    frozen = submission.figures

    # A later change to the records changes the live figures, not the accepted report.
    cluster = Cluster.objects.get(name="BMC")
    TenantProject.objects.create(cluster=cluster, name="Xưởng mới (minh họa)", status="operating")
    submission.refresh_from_db()
    assert submission.figures == frozen
    page = client.get(url)
    assert "tenants" in [d["key"] for d in page.context["differences"]]
    with pytest.raises(submissions.SubmissionError):
        submissions.save_draft(submission, actor=lamdong, difficulties="x", proposals="")
    client.force_login(lamdong)
    assert client.post(url, {"difficulties": "sửa sau", "proposals": ""}).status_code in (302, 403)
    submission.refresh_from_db()
    assert submission.figures == frozen and submission.difficulties != "sửa sau"

    history = list(submission.history.order_by("history_date"))
    assert {h.history_user.username for h in history} == {"lamdong", "trunguong"}


def test_other_province_cannot_see_or_file(client, demo):
    _open(client, _user("lamdong"))
    submission = Submission.objects.get(province__code="68", year=2026, period_kind="half_year")
    client.force_login(_user("hanoi"))
    assert client.get(submission.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("reports:submission-step", args=[submission.pk]), {"step": "submit"}).status_code
        == 404
    )
    response = _open(client, _user("hanoi"), code="68")
    assert response.status_code == 403
    overview = client.get(reverse("reports:submissions"), {"form": "bieu04", "period": "2026-6t"})
    assert [r["province"].code for r in overview.context["rows"]] == ["01"]
    with pytest.raises(PermissionDenied):
        submissions.submit(submission, actor=_user("hanoi"))


def test_central_agency_cannot_file_or_edit(client, demo):
    _open(client, _user("lamdong"))
    submission = Submission.objects.get(province__code="68", year=2026, period_kind="half_year")
    client.force_login(_user("trunguong"))
    assert client.post(submission.get_absolute_url(), {"difficulties": "x"}).status_code == 403
    response = client.post(reverse("reports:submission-step", args=[submission.pk]), {"step": "submit"})
    assert response.status_code == 403
    assert _open(client, _user("trunguong")).status_code == 403
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT and submission.difficulties == ""


def test_downloads_are_real_files(client, demo):
    submission = Submission.objects.get(province__code="68", year=2025, form="bieu04")
    client.force_login(_user("lamdong"))
    xlsx = client.get(submission.get_absolute_url(), {"download": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    pdf = client.get(submission.get_absolute_url(), {"download": "pdf"})
    assert pdf.content[:5] == b"%PDF-"


def test_promotion_results_report_indicators(demo):
    submission = submissions.open_draft(
        form=ReportForm.PROMOTION,
        period=Period(2023, "year"),
        province=province("68"),
        actor=_user("lamdong"),
    )
    data = submission.figures
    assert data["national"]["approved"] == 4 and data["national"]["approved_support_million_vnd"] == 3310
    # 2023 local: 8 approved (one stop request pending is not a stop), 1.712 triệu đồng
    assert (data["local"]["approved"], data["local"]["stopped"], data["local"]["carried_out"]) == (8, 0, 8)
    assert data["local"]["approved_support_million_vnd"] == 1712
    assert data["national"]["disbursement_rate_pct"] is not None
    with pytest.raises(submissions.SubmissionError):
        submissions.open_draft(
            form=ReportForm.PROMOTION,
            period=Period(2023, "half_year"),
            province=province("68"),
            actor=_user("lamdong"),
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_reviewers_at_once_exactly_one_wins(demo):
    lam_dong = province("68")
    submission = submissions.open_draft(
        form=ReportForm.BIEU_04, period=H1_2026, province=lam_dong, actor=_user("lamdong")
    )
    submissions.submit(submission, actor=_user("lamdong"))
    central = _user("trunguong")
    results, barrier = [], threading.Barrier(2)

    def act(step):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            submissions.perform(submission, step, actor=central, comment="ý kiến")
            results.append(step)
        except submissions.SubmissionError:
            results.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=act, args=(s,)) for s in ("accept", "return")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results).count("refused") == 1
    submission.refresh_from_db()
    assert submission.events.filter(action__in=["accept", "return"]).count() == 1


def test_submission_page_queries_and_who_files_a_former_province(client, demo):
    """The submission page reads who may file from the request's access scope (no query per check), so a
    page costs at most 16 queries even with the live figures and the cross-checks (14 before the cross-checks
    of money per đề án and duplicate documents, bb1138e); a former province's
    report is filed by nobody but a superuser (its successor's officers included)."""
    from django.test.utils import CaptureQueriesContext

    from khuyencong.geography.models import AdminUnit

    officer = _user("lamdong")
    _open(client, officer)
    for user in (officer, _user("trunguong")):
        client.force_login(user)
        visible = list(Submission.objects.visible_to(user))
        assert visible
        for submission in visible:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(submission.get_absolute_url()).status_code == 200
            assert len(captured.captured_queries) <= 16, (user, submission, len(captured.captured_queries))
    lam_dong = province("68")
    assert submissions.files_for(officer, lam_dong)
    assert not submissions.files_for(officer, province("01"))
    former = AdminUnit.objects.get(level="province", code="67", valid_to__isnull=False)  # Đắk Nông, 2004–2025
    assert former.pk in lam_dong.all_predecessor_ids()
    assert not submissions.files_for(officer, former)
