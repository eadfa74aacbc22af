"""Every transition of the table, allowed and forbidden; stage-gated fields; the status-change log."""

from datetime import date

import pytest

from khuyencong.programs import services, workflow
from khuyencong.programs.choices import Level, RequestStatus, Status
from khuyencong.programs.models import StatusChange

from .factories import DOC, PATHS, drive, extra_for, path_to, plan_for, project, take

pytestmark = pytest.mark.django_db

CASES = [
    (t.name, level, source)
    for t in workflow.TRANSITIONS
    for level in sorted(t.levels)
    for source in sorted(t.sources)
    if source in PATHS or source == Status.NEED_REGISTERED
    if not (level == Level.LOCAL and source in (Status.APPRAISED_LOCAL, Status.SUBMITTED_CENTRAL))
]


def at(level, source, personas):
    if source == Status.NEED_REGISTERED:
        return project(personas.lam_dong, level=level, status=Status.NEED_REGISTERED)
    p = project(personas.lam_dong, level=level)
    return drive(p, source, personas)


@pytest.mark.parametrize(("name", "level", "source"), CASES)
def test_every_allowed_transition_changes_state_and_logs(name, level, source, personas, ref):
    p = at(level, source, personas)
    before = StatusChange.objects.filter(project=p).count()
    previous = p.status_before_request
    p = take(p, name, personas)
    p.refresh_from_db()
    transition = workflow.get(name)
    expected = previous if transition.target == workflow.RETURN else transition.target
    assert p.status == expected
    log = StatusChange.objects.filter(project=p).order_by("-id").first()
    assert StatusChange.objects.filter(project=p).count() == before + 1
    assert (log.transition, log.from_status, log.to_status) == (name, source, expected)
    assert log.changed_by is not None
    if transition.document:
        assert log.document is not None and log.document.kind == transition.document


ALL_STATES = [s for s in Status.values if s in PATHS]


@pytest.mark.parametrize("name", [t.name for t in workflow.TRANSITIONS])
def test_every_transition_refused_from_a_wrong_state(name, personas, ref):
    transition = workflow.get(name)
    wrong = next(s for s in ALL_STATES if s not in transition.sources)
    level = Level.NATIONAL if Level.LOCAL not in transition.levels else Level.LOCAL
    p = drive(project(personas.lam_dong, level=level), wrong, personas)
    with pytest.raises(services.WorkflowError):
        take(p, name, personas)
    p.refresh_from_db()
    assert p.status == wrong


def test_national_only_steps_are_refused_on_local_projects(personas, ref):
    p = drive(project(personas.lam_dong, level=Level.LOCAL), Status.SUBMITTED, personas)
    with pytest.raises(services.NotAllowed):
        take(p, "appraise_local", personas)


@pytest.mark.parametrize("who", ["hanoi", "viewer", "collaborator", "investor", "nobody"])
def test_out_of_scope_or_wrong_role_cannot_act(who, personas, ref):
    p = project(personas.lam_dong)
    with pytest.raises(services.NotAllowed):
        services.submit(p, actor=getattr(personas, who))
    p.refresh_from_db()
    assert p.status == Status.DRAFT
    assert not StatusChange.objects.filter(project=p).exists()


def test_central_approves_national_but_not_local(personas, ref):
    national = drive(project(personas.lam_dong, level=Level.NATIONAL), Status.SUBMITTED_CENTRAL, personas)
    local = drive(project(personas.lam_dong, level=Level.LOCAL), Status.SUBMITTED, personas)
    with pytest.raises(services.NotAllowed):
        services.approve(national, actor=personas.lamdong, document=DOC)  # the Ministry approves KCQG
    with pytest.raises(services.NotAllowed):
        services.approve(local, actor=personas.central, document=DOC)  # the province approves KCĐP
    services.approve(national, actor=personas.central, document=DOC, plan=plan_for(national))
    services.approve(local, actor=personas.lamdong, document=DOC, plan=plan_for(local))
    with pytest.raises(services.NotAllowed):
        services.contract(national, actor=personas.central, document=DOC)  # central edits nothing else


def test_superuser_may_act(personas, ref):
    p = project(personas.lam_dong)
    services.submit(p, actor=personas.admin)
    assert p.status == Status.SUBMITTED


def test_required_document_is_enforced(personas, ref):
    p = drive(project(personas.lam_dong), Status.SUBMITTED, personas)
    with pytest.raises(services.WorkflowError):
        services.approve(p, actor=personas.lamdong)
    with pytest.raises(services.WorkflowError):
        services.approve(p, actor=personas.lamdong, document={"number": "", "issued_on": date(2026, 1, 1)})
    p.refresh_from_db()
    assert p.status == Status.SUBMITTED


def test_missing_fields_are_data_and_block_the_step(personas, ref):
    p = project(personas.lam_dong, objectives="", end_date=None)
    p.beneficiaries.clear()
    assert workflow.missing_fields_for(p, Status.DRAFT) == []
    assert set(workflow.missing_fields_for(p, Status.SUBMITTED)) == {
        "objectives",
        "end_date",
        "beneficiaries",
    }
    assert "plan" in workflow.missing_fields_for(p, Status.APPROVED_IN_PLAN)
    gaps = dict((t.name, labels) for t, labels in workflow.next_step_gaps(p))
    assert "submit" in gaps
    with pytest.raises(services.WorkflowError) as excinfo:
        services.submit(p, actor=personas.lamdong)
    assert excinfo.value.code == "missing"


def test_a_pending_stop_is_not_a_stop_and_a_refused_one_goes_back(personas, ref):
    p = drive(project(personas.lam_dong), Status.IN_PROGRESS, personas)
    p = take(p, "request_stop", personas)
    assert p.status == Status.STOP_REQUESTED
    assert p.stop_requests.get().status == RequestStatus.PENDING
    p = take(p, "refuse_stop", personas)
    assert p.status == Status.IN_PROGRESS
    assert p.stop_requests.get().status == RequestStatus.REFUSED
    p = take(p, "request_stop", personas)
    p = take(p, "approve_stop", personas)
    assert p.status == Status.STOPPED
    assert list(p.stop_requests.values_list("status", flat=True)) == [
        RequestStatus.REFUSED,
        RequestStatus.APPROVED,
    ]


def test_transition_table_covers_every_state(personas):
    reachable = {t.target for t in workflow.TRANSITIONS} | {Status.DRAFT, Status.NEED_REGISTERED}
    assert set(Status.values) <= reachable
    assert set(services.SERVICES) == set(workflow.BY_NAME)


def test_available_transitions_follow_the_table(personas, ref):
    p = drive(project(personas.lam_dong, level=Level.NATIONAL), Status.SUBMITTED_CENTRAL, personas)
    assert [t.name for t in workflow.available_transitions(p, personas.central)] == ["approve", "reject"]
    assert [t.name for t in workflow.available_transitions(p, personas.lamdong)] == ["reject"]
    assert workflow.available_transitions(p, personas.hanoi) == []
    assert workflow.available_transitions(p, personas.viewer) == []


def test_path_helper_is_consistent():
    assert path_to(Level.NATIONAL, Status.APPROVED_IN_PLAN)[:3] == [
        "submit",
        "appraise_local",
        "submit_central",
    ]
    assert extra_for("start", None) == {}
