"""Bulk writes of large imports (`core.importing.bulk`, `audit.bulk_history_from_database`) store what the
ORM's bulk_create and simple_history's bulk_history_create store for the same records."""

from datetime import UTC, date, datetime

import pytest

from khuyencong.core import audit
from khuyencong.core.importing.bulk import Col, insert_rows, insert_select, with_values
from khuyencong.programs.choices import Status
from khuyencong.programs.models import Project, StatusChange

pytestmark = pytest.mark.django_db

VOLATILE = {"id", "code", "search_text", "created_at", "updated_at"}


def _data(personas, code):
    return {
        "code": code,
        "title": "Đào tạo nghề mây tre đan",
        "level": "local",
        "plan_year": 2026,
        "province_id": personas.lam_dong.pk,
        "state_support_vnd": 120_000_000,
        "total_cost_vnd": 150_000_000,
        "start_date": date(2026, 3, 1),
        "end_date": date(2026, 9, 30),
        "status": Status.IN_PROGRESS,
        "search_text": f"{code.lower()} | dao tao nghe may tre dan",
    }


def _stored(code):
    values = Project.objects.filter(code=code).values().get()
    return {k: v for k, v in values.items() if k not in VOLATILE}


def test_insert_rows_stores_what_bulk_create_stores(personas):
    insert_rows(Project, [_data(personas, "BULK-1"), _data(personas, "BULK-2")])
    Project.objects.bulk_create([Project(**_data(personas, "ORM-1"))])
    assert _stored("BULK-1") == _stored("BULK-2") == _stored("ORM-1")
    bulk, orm = Project.objects.get(code="BULK-1"), Project.objects.get(code="ORM-1")
    assert (
        bulk.created_at
        and bulk.updated_at
        and (bulk.start_date, bulk.end_date) == (orm.start_date, orm.end_date)
    )
    assert with_values(Project.objects.all(), "code", ["BULK-2", "ORM-1", "NONE"]).count() == 2
    assert not with_values(Project.objects.all(), "code", []).exists()


def test_history_copied_in_the_database_equals_simple_histories_bulk_history(personas):
    insert_rows(Project, [_data(personas, f"H-{i}") for i in range(3)])
    when = datetime(2026, 5, 16, 8, 30, tzinfo=UTC)
    records = Project.objects.filter(code__in=["H-0", "H-1", "H-2"])
    assert (
        audit.bulk_history_from_database(
            records, user=personas.lamdong, reason="Nhập Excel a.xlsx", date=when
        )
        == 3
    )
    Project.history.bulk_history_create(
        list(records),
        default_user=personas.lamdong,
        default_change_reason="Nhập Excel a.xlsx",
        default_date=when,
    )
    rows = [
        {k: v for k, v in row.items() if k != "history_id"}
        for row in Project.history.order_by("history_id").values()
    ]
    assert len(rows) == 6 and rows[:3] == rows[3:]
    assert {(r["history_type"], r["history_user_id"], r["history_date"]) for r in rows} == {
        ("+", personas.lamdong.pk, when)
    }


def test_insert_select_writes_one_row_per_record_with_defaults(personas):
    insert_rows(Project, [_data(personas, f"S-{i}") for i in range(2)])
    written = insert_select(
        StatusChange,
        Project.objects.filter(code__startswith="S-"),
        {"project_id": Col("id"), "transition": "import", "to_status": Col("status"), "changed_by_id": None},
    )
    assert written == 2
    log = StatusChange.objects.order_by("project__code")
    assert [(c.project.code, c.to_status, c.from_status, c.note, c.changed_by) for c in log] == [
        ("S-0", Status.IN_PROGRESS, "", "", None),
        ("S-1", Status.IN_PROGRESS, "", "", None),
    ]
    assert all(c.changed_at for c in log)  # auto_now_add
