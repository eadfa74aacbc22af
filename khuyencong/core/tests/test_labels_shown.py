"""The words shown are the ones meant (#19 item 2): labels resolve to their (context, msgid), history shows
a step's label instead of the internal reason, an empty change is not listed, and English pages do not
carry Vietnamese units or dates."""

from datetime import date

import pytest
from django.utils import translation

from khuyencong.accounts.models import Organisation
from khuyencong.clusters.choices import TenantStatus
from khuyencong.core import audit, formatting
from khuyencong.core.audit import acting_as, history_for
from khuyencong.core.tests.test_msgid_contexts import msgid_of
from khuyencong.inspections.choices import VisitStatus
from khuyencong.programs import workflow
from khuyencong.programs.models import Document
from khuyencong.reports.models import SubmissionEvent, SubmissionStatus
from khuyencong.surveys.tables import ResponseTable
from khuyencong.surveys.views.responses import ResponseListView


def test_the_survey_response_list_names_the_establishment_as_a_facility():
    (column,) = [c for c in ResponseTable.columns if msgid_of(c.header)[0] == "Establishment"]
    assert msgid_of(column.header) == ("Establishment", "survey field")
    (export,) = [h for h, _cell in ResponseListView.export_columns if msgid_of(h)[0] == "Establishment"]
    assert msgid_of(export) == ("Establishment", "survey field")


def test_an_inspection_planned_and_a_tenant_under_construction_have_their_own_words():
    assert msgid_of(VisitStatus.PLANNED.label) == ("Planned", "inspection status")
    assert msgid_of(TenantStatus.UNDER_CONSTRUCTION.label) == ("Under construction", "tenant status")


def test_periodic_report_states_read_as_report_states():
    assert [msgid_of(s.label) for s in SubmissionStatus] == [
        ("Not started", None),
        ("Draft", "report status"),
        ("Submitted", "report status"),
        ("Returned with comments", None),
        ("Accepted", "report status"),
    ]


@pytest.mark.parametrize(
    "reason, step",
    [
        ("đề án: submit_central", "submit_central"),
        ("đề án: approve", "approve"),
        ("đề án: request stop", "request_stop"),
    ],
)
def test_history_shows_the_workflow_steps_label(reason, step):
    with translation.override("en"):
        assert audit.reason_label(reason) == str(workflow.BY_NAME[step].label)
        assert "đề án:" not in audit.reason_label(reason)


def test_history_shows_report_steps_and_leaves_unknown_reasons_as_stored():
    with translation.override("en"):
        assert audit.reason_label("báo cáo định kỳ: accept") == str(SubmissionEvent.Action.ACCEPT.label)
        assert audit.reason_label("Nhập Excel cum.xlsx") == "Excel import: cum.xlsx"
        assert audit.reason_label("khuyencong setup --demo") == "khuyencong setup --demo"
        assert audit.reason_label("") == ""


@pytest.mark.django_db
def test_a_change_that_changed_nothing_is_not_listed(personas):
    with acting_as(personas.lamdong):
        org = Organisation.objects.create(
            name="Trung tâm A", kind="promotion_centre", province=personas.lam_dong
        )
        org.save()  # nothing changed
        org.name = "Trung tâm B"
        org.save()
    with acting_as(personas.lamdong, reason="đề án: approve"):
        org.save()  # nothing changed here either, but the reason says what happened
    with translation.override("en"):
        entries = history_for(org)
    assert [(e["record"].history_type, len(e["changes"])) for e in entries] == [("~", 0), ("~", 1), ("+", 0)]
    assert entries[0]["reason"] == "Approve in the plan"


def test_english_pages_show_million_vnd_and_vietnamese_pages_trieu_dong():
    with translation.override("en"):
        assert formatting.million(7_040_000_000) == "7.040 million VND"
    assert formatting.vn_million(7_040_000_000) == "7.040 triệu đồng"  # official documents, any language


def test_a_document_reference_is_written_in_the_readers_language():
    document = Document(kind="letter", number="12/CV-SCT", issued_on=date(2025, 2, 1))
    with translation.override("en"):
        assert str(document) == "Letter 12/CV-SCT of 01/02/2025"
