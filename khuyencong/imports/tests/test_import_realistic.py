"""A workbook built like a real provincial file imports; the promotion report matches hand figures."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from khuyencong.core.text import fold
from khuyencong.facilities.models import Facility
from khuyencong.imports import services
from khuyencong.imports.legacy import IMPORT_TRANSITION
from khuyencong.imports.services import import_workbook
from khuyencong.programs.choices import RequestStatus, Status
from khuyencong.programs.models import Project, StatusChange

from .workbooks import REAL_PROJECTS, large_workbook_file, realistic_workbook

pytestmark = pytest.mark.django_db


def run_command(*args):
    out = StringIO()
    code = 0
    try:
        call_command("import", *args, stdout=out)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue()


def report(province, y1, y2):
    out = StringIO()
    call_command(
        "report", "promotion", "--province", province, "--from-year", str(y1), "--to-year", str(y2),
        "--format", "json", stdout=out,
    )  # fmt: skip
    return json.loads(out.getvalue())


def test_realistic_file_imports_and_report_matches_hand_figures(personas, ref, realistic_file):
    code, out = run_command(str(realistic_file), "--user", "lamdong")
    assert code == 0, out
    assert "Sheet 'Đề án khuyến công': 9 tạo mới, 0 cập nhật, 0 không đổi" in out
    assert "Sheet 'Cơ sở CNNT': 3 tạo mới" in out
    assert "Tổng" not in "".join(Project.objects.values_list("title", flat=True))
    assert Project.objects.count() == 9 and Facility.objects.count() == 3

    # Vietnamese numbers and NFD text: exact VND, NFC titles, dates from text.
    p = Project.objects.get(code="KCĐP-2023-01")
    assert (p.state_support_vnd, p.counterpart_vnd, p.total_cost_vnd) == (89_610_000, 10_390_000, 100_000_000)
    assert Project.objects.get(code="KCQG-2022-01").title == "Ứng dụng máy rang cà phê"
    assert Project.objects.get(code="KCQG-2022-02").state_support_vnd == 850_500_000
    assert Facility.objects.get(tax_code="6400123456").name == "Cơ sở Cà phê Thuận An"
    assert Facility.objects.get(name="HTX Mây tre đan Đắk Mil").workers == 1250
    # A 2023 Đắk Nông đề án points at the legacy province (code 67), whatever the spelling.
    assert set(Project.objects.filter(plan_year__lte=2023).values_list("province", flat=True)) == {
        personas.dak_nong.pk
    }
    assert Project.objects.get(code="KCĐP-2024-01").province.name == "Lâm Đồng"
    # Content categories from their short Vietnamese names; beneficiaries by name and by tax code.
    assert Project.objects.get(code="KCQG-2023-02").category.code == "KC05"
    assert Project.objects.get(code="KCĐP-2023-04").category.code == "KC04"
    assert list(
        Project.objects.get(code="KCQG-2023-01").beneficiaries.values_list("tax_code", flat=True)
    ) == ["6400999888"]

    data = report("Đắk Nông", 2022, 2023)
    national, local = data["national"], data["local"]
    # By hand: national 1.000 + 850,5 + 800 carried out, 500 stopped; local 89,61 + 120 + 200 + 300.
    assert (national["approved"], national["stopped"], national["carried_out"]) == (4, 1, 3)
    assert national["support_million_vnd"] == 2650.5
    assert (local["approved"], local["stopped"], local["carried_out"]) == (4, 0, 4)
    assert local["stop_requests_pending"] == 1
    assert local["support_million_vnd"] == 709.61


def test_statuses_leave_a_log_consistent_with_the_workflow(personas, ref, realistic_file):
    code, out = run_command(str(realistic_file), "--user", "lamdong")
    assert code == 0, out
    statuses = dict(Project.objects.values_list("code", "status"))
    assert statuses == {
        "KCQG-2022-01": Status.SETTLED,
        "KCQG-2022-02": Status.ACCEPTED,
        "KCQG-2023-01": Status.IN_PROGRESS,
        "KCQG-2023-02": Status.STOPPED,
        "KCĐP-2023-01": Status.ACCEPTED,
        "KCĐP-2023-02": Status.STOP_REQUESTED,
        "KCĐP-2023-03": Status.APPROVED_IN_PLAN,
        "KCĐP-2023-04": Status.ADJUSTMENT_REQUESTED,
        "KCĐP-2024-01": Status.APPROVED_IN_PLAN,
    }
    changes = StatusChange.objects.filter(transition=IMPORT_TRANSITION)
    assert changes.count() == 9
    assert set(changes.values_list("changed_by__username", flat=True)) == {"lamdong"}
    assert changes.get(project__code="KCĐP-2023-01").document.issued_on.isoformat() == "2023-12-05"
    assert changes.get(project__code="KCQG-2022-02").document.issued_on.isoformat() == "2022-12-20"
    # "Xin dừng" / "Xin điều chỉnh" leave the pending request the decision steps need.
    stop = Project.objects.get(code="KCĐP-2023-02")
    assert stop.stop_requests.get().status == RequestStatus.PENDING
    assert stop.status_before_request == Status.IN_PROGRESS
    adjust = Project.objects.get(code="KCĐP-2023-04")
    assert list(adjust.versions.values_list("number", "status")) == [(1, "approved"), (2, "pending")]
    assert Project.objects.get(code="KCQG-2023-02").stop_requests.get().status == RequestStatus.APPROVED

    # After the import, the officer continues with the real workflow: refusing the stop goes back.
    from khuyencong.programs import services

    services.refuse_stop(
        stop, actor=personas.lamdong, document={"number": "1/SCT", "issued_on": "2024-01-05"}
    )
    stop.refresh_from_db()
    assert stop.status == Status.IN_PROGRESS


def test_history_rows_carry_the_actor_of_a_command_import(personas, ref, realistic_file):
    code, out = run_command(str(realistic_file), "--user", "lamdong")
    assert code == 0, out
    project = Project.objects.get(code="KCQG-2022-01")
    record = project.history.order_by("history_id").first()
    assert record.history_user == personas.lamdong
    assert record.history_change_reason == f"Nhập Excel {realistic_file.name}"
    assert {r.history_user_id for r in Facility.history.all()} == {personas.lamdong.pk}


def test_total_row_that_differs_is_a_warning_not_an_error(personas, ref, tmp_path):
    path = tmp_path / "sai-tong.xlsx"
    realistic_workbook(total_support="4.000").save(path)
    result = import_workbook(str(path), actor=personas.lamdong)
    assert result.ok and result.written
    assert any(
        "cột 'Kinh phí khuyến công (triệu đồng)': dòng tổng cộng ghi 4.000 nhưng tổng các dòng là 3.935,11"
        in w
        for w in result.warnings()
    ), result.warnings()


def test_dry_run_writes_nothing_and_says_what_would_change(personas, ref, realistic_file):
    code, out = run_command(str(realistic_file), "--dry-run", "--user", "lamdong")
    assert code == 0, out
    assert "Sheet 'Đề án khuyến công': 9 tạo mới" in out
    assert "Chạy thử" in out and "Dry run" in out
    assert Project.objects.count() == 0 and Facility.objects.count() == 0
    assert StatusChange.objects.count() == 0


def test_reimport_updates_instead_of_duplicating(personas, ref, tmp_path, realistic_file):
    assert run_command(str(realistic_file), "--user", "lamdong")[0] == 0
    code, out = run_command(str(realistic_file), "--user", "lamdong")
    assert code == 0, out
    assert "Sheet 'Đề án khuyến công': 0 tạo mới, 0 cập nhật, 9 không đổi" in out
    assert "Sheet 'Cơ sở CNNT': 0 tạo mới, 0 cập nhật, 3 không đổi" in out
    assert StatusChange.objects.count() == 9

    rows = [list(r) for r in REAL_PROJECTS]
    rows[2][8] = "820"  # KCQG-2023-01 support corrected
    rows[2][10] = "Đã nghiệm thu"  # and accepted since
    rows[2][11] = "10/12/2023"
    path = tmp_path / "cap-nhat.xlsx"
    realistic_workbook(projects=rows, total_support="3.955,11").save(path)
    code, out = run_command(str(path), "--user", "lamdong")
    assert code == 0, out
    assert "Sheet 'Đề án khuyến công': 0 tạo mới, 1 cập nhật, 8 không đổi" in out
    assert Project.objects.count() == 9
    updated = Project.objects.get(code="KCQG-2023-01")
    assert (updated.state_support_vnd, updated.status) == (820_000_000, Status.ACCEPTED)
    last = updated.status_changes.order_by("-id").first()
    assert (last.from_status, last.to_status, last.transition) == ("in_progress", "accepted", "import")

    rows[2][10] = "Đang thực hiện"  # an import never takes a đề án backward
    rows[2][11] = None
    realistic_workbook(projects=rows, total_support="3.955,11").save(path)
    code, out = run_command(str(path), "--user", "lamdong")
    assert code == 1
    assert "cột 'Trạng thái': đề án đang ở trạng thái 'Đã nghiệm thu'" in out


def test_a_system_import_without_user_is_allowed_and_logged_without_actor(ref, geo, realistic_file):
    code, out = run_command(str(realistic_file))
    assert code == 0, out
    assert StatusChange.objects.filter(changed_by__isnull=True).count() == 9


def test_a_large_file_is_read_once_and_written_in_bulk_with_history_and_log(
    personas, ref, tmp_path, monkeypatch
):
    """1,200 đề án (two batches): the file is opened once, pass 1's rows go through a temporary file, and
    the bulk-written đề án carry what a per-row save leaves (search key, history row, status log)."""
    monkeypatch.setattr(services, "SPILL_MEMORY", 4096)  # pass 1's rows spill to disk at once
    opened, reader = [], services.SheetReader
    monkeypatch.setattr(services, "SheetReader", lambda *a, **kw: opened.append(a) or reader(*a, **kw))
    path = large_workbook_file(tmp_path / "de-an-1200.xlsx", 1200, prefix="BIG")
    ticks, phases = [], []
    result = import_workbook(str(path), actor=personas.lamdong, progress=ticks.append, on_phase=phases.append)
    assert result.ok and result.written, result.errors()
    assert result.counts["Đề án khuyến công"] == {"created": 1200, "updated": 0, "unchanged": 0}
    assert len(opened) == 1 and phases == ["validating", "writing"]
    assert sum(ticks) == 2 * 1200  # each row counted once checked, once written (the job's progress)

    project = Project.objects.get(code="BIG-000007")  # "107,5" + "20" triệu, settled, local
    assert (project.state_support_vnd, project.counterpart_vnd, project.total_cost_vnd) == (
        107_500_000,
        20_000_000,
        127_500_000,
    )
    assert (project.status, project.level, project.province) == (Status.SETTLED, "local", personas.lam_dong)
    assert project.search_text == f"{fold(project.code)} | {fold(project.title)}"
    assert project.executing_unit.name == "Trung tâm Khuyến công"
    reason = "Nhập Excel de-an-1200.xlsx"
    assert list(
        project.history.values_list(
            "history_type", "history_user", "history_change_reason", "status", "title"
        )
    ) == [("+", personas.lamdong.pk, reason, Status.SETTLED, "Đề án số 7")]
    assert Project.history.filter(history_user=personas.lamdong, history_change_reason=reason).count() == 1200
    log = StatusChange.objects.filter(transition=IMPORT_TRANSITION, changed_by=personas.lamdong, note=reason)
    assert dict(log.values_list("project__code", "to_status")) == dict(
        Project.objects.values_list("code", "status")
    )
    assert log.count() == 1200 and log.filter(from_status="").count() == 1200

    again = import_workbook(str(path), actor=personas.lamdong)  # the "update by code" path: nothing new
    assert again.counts["Đề án khuyến công"] == {"created": 0, "updated": 0, "unchanged": 1200}
    assert (Project.history.count(), StatusChange.objects.count()) == (1200, 1200)


def test_the_writing_pass_checks_again_what_changed_after_the_validation(personas, ref, tmp_path):
    path = large_workbook_file(tmp_path / "de-an.xlsx", 20, prefix="RACE")

    def meanwhile(phase):  # between the two passes, Hà Nội records a đề án with one of the file's codes
        if phase == "writing":
            Project.objects.create(
                code="RACE-000003", title="Khác", level="local", plan_year=2026, province=personas.ha_noi
            )

    result = import_workbook(str(path), actor=personas.lamdong, on_phase=meanwhile)
    assert not result.ok and not result.written
    assert any(
        "'RACE-000003'" in line and "outside what your account may edit" in line for line in result.errors()
    )
    assert list(Project.objects.values_list("code", flat=True)) == ["RACE-000003"]
    assert StatusChange.objects.count() == 0
