"""Every change of a đề án's state goes through these functions (UI, API, demo data, commands).

Each takes the đề án, a keyword-only `actor`, the dated document where the procedure has one
(`document={"number", "issued_on", "issuing_body_name", ...}`) and a `note`; it checks the transition
table (`workflow.py`), the actor's role and scope and the stage-gated fields, then writes the new state
and a `StatusChange` row in one transaction, under `audit.acting_as(actor)`.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core import audit, clock, references
from khuyencong.core.scoping import OutOfScope, can_edit
from khuyencong.facilities.eligibility import beneficiary_errors

from . import workflow
from .caps import cap_errors, cap_violations
from .choices import AdjustmentKind, DocumentKind, RequestStatus, Status
from .models import CapException, Document, Payment, Project, ProjectVersion, StatusChange, StopRequest
from .models.projects import VERSIONED_FIELDS


class WorkflowError(ValidationError):
    """The step cannot be taken now (wrong state, missing fields or document)."""


class NotAllowed(PermissionDenied):
    """The actor's role or scope does not allow this step on this đề án."""


# ---- versions -------------------------------------------------------------------------------------


def snapshot(project):
    """The versioned content of `project` as JSON-ready data."""
    data = {}
    for name in VERSIONED_FIELDS:
        if name == "beneficiary_ids":
            data[name] = sorted(project.beneficiaries.values_list("pk", flat=True)) if project.pk else []
            continue
        value = getattr(project, name)
        data[name] = value.isoformat() if isinstance(value, date) else value
    return data


def compare(old, new):
    """Differences between two versions' data: [(field, old value, new value)] in VERSIONED_FIELDS order."""
    return [
        (name, old.get(name), new.get(name)) for name in VERSIONED_FIELDS if old.get(name) != new.get(name)
    ]


def _apply_data(project, data):
    for name in VERSIONED_FIELDS:
        if name not in data or name == "beneficiary_ids":
            continue
        value = data[name]
        if name.endswith("_date") and isinstance(value, str):
            value = date.fromisoformat(value)
        setattr(project, name, value)
    project.full_clean(exclude=["plan", "category", "executing_unit", "province", "commune", "code"])
    project.save()
    if "beneficiary_ids" in data:
        project.beneficiaries.set(data["beneficiary_ids"])


# ---- the common step ------------------------------------------------------------------------------


def _document(project, transition, document):
    if not document:
        if transition.document_required:
            raise WorkflowError(_("This step needs a dated document (number and date)."), code="document")
        return None
    if not document.get("number") or not document.get("issued_on"):
        raise WorkflowError(_("This step needs a dated document (number and date)."), code="document")
    fields = {
        key: document[key]
        for key in ("number", "issued_on", "issuing_body", "issuing_body_name", "signer", "note")
        if document.get(key) not in (None, "")
    }
    if isinstance(fields["issued_on"], str):
        fields["issued_on"] = date.fromisoformat(fields["issued_on"])
    return Document.objects.create(
        kind=transition.document or DocumentKind.LETTER, province_id=project.province_id, **fields
    )


def _step(project, name, *, actor, document=None, note="", check_fields=True):
    """Check and take transition `name`; returns (locked project, Document or None). Caller is atomic."""
    transition = workflow.get(name)
    original = project
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not workflow.role_allows(transition, project, actor):
        raise NotAllowed(_("You may not take this step on this đề án."))
    if project.status not in transition.sources:
        raise WorkflowError(
            _("“%(step)s” is not possible while the đề án is “%(status)s”.")
            % {"step": transition.label, "status": project.get_status_display()},
            code="state",
        )
    target = transition.target_for(project)
    if check_fields:
        missing = workflow.missing_field_labels(project, target)
        if missing:
            raise WorkflowError(
                _("Fill in before this step: %s") % ", ".join(str(label) for label in missing), code="missing"
            )
    doc = _document(project, transition, document)
    if transition.target != workflow.RETURN and target in (
        Status.ADJUSTMENT_REQUESTED,
        Status.STOP_REQUESTED,
    ):
        project.status_before_request = project.status
    elif transition.target == workflow.RETURN:
        project.status_before_request = ""
    StatusChange.objects.create(
        project=project,
        transition=name,
        from_status=project.status,
        to_status=target,
        changed_by=actor if getattr(actor, "pk", None) else None,
        document=doc,
        note=note,
    )
    project.status = target
    project.save()
    original.status, original.status_before_request = project.status, project.status_before_request
    return project, doc


def _actor_ok(actor):
    return actor if getattr(actor, "pk", None) else None


def perform(project, name, *, actor, document=None, note="", **extra):
    """Take transition `name` through its service function (used by the UI and the API)."""
    function = SERVICES.get(name)
    if function is None:
        raise WorkflowError(_("Unknown step."), code="unknown")
    return function(project, actor=actor, document=document, note=note, **extra)


def _simple(name, doc_text):
    @transaction.atomic
    def service(project, *, actor, document=None, note=""):
        with audit.acting_as(actor, reason=f"đề án: {name}"):
            project, _doc = _step(project, name, actor=actor, document=document, note=note)
        return project

    service.__name__ = name
    service.__doc__ = doc_text
    return service


start_draft = _simple("start_draft", "A registered need becomes a draft đề án.")
submit = _simple("submit", "The executing unit submits the đề án for appraisal.")
appraise_local = _simple(
    "appraise_local", "KCQG: the department records its basic-level appraisal (minutes)."
)
submit_central = _simple("submit_central", "KCQG: the department sends the đề án to the central agency.")
reject = _simple("reject", "The đề án is not appraised favourably or not funded.")
contract = _simple("contract", "The contract with the executing unit is recorded.")
start = _simple("start", "Implementation starts.")
complete = _simple("complete", "The executing unit reports the work done.")
rework = _simple("rework", "Acceptance failed: back to implementation.")
accept = _simple("accept", "Formal acceptance (acceptance minutes).")
settle = _simple("settle", "Contract liquidated and settled.")
evaluate = _simple("evaluate", "Post-support evaluation recorded.")


def _check_approval(project, step, *, actor, doc, cap_exception):
    """The rules an approval or an adjustment must pass (caps, beneficiaries' eligibility); a cap
    exception given with its legal basis is recorded, one row per cap broken. Caller is atomic."""
    day = doc.issued_on if doc is not None else clock.today()
    errors = beneficiary_errors(list(project.beneficiaries.all()), day)
    if errors:
        raise WorkflowError(" ".join(errors["beneficiaries"]), code="beneficiaries")
    basis = (cap_exception or "").strip()
    errors = cap_errors(actor, project, exception_basis=basis)
    if errors:
        raise WorkflowError(" ".join(errors["state_support_vnd"]), code="cap")
    if basis:
        for violation in cap_violations(project):
            CapException.objects.create(
                project=project,
                version_number=project.version_number,
                step=step,
                cap_code=violation.code,
                cap_legal_source=violation.legal_source[:400],
                message=violation.message,
                legal_basis=basis,
                recorded_by=_actor_ok(actor),
            )


@transaction.atomic
def approve(project, *, actor, document=None, note="", plan=None, cap_exception=""):
    """The plan-assigning authority approves the đề án into an annual plan; version 1 is recorded.

    Refused when its support is above a cap in force (`caps.cap_errors`) unless the approver gives the
    legal basis of an exception (`cap_exception`), recorded as `CapException` rows; refused too when a
    beneficiary's kind may not be supported on the approval date (`facilities.eligibility`)."""
    with audit.acting_as(actor, reason="đề án: approve"):
        if plan is not None:
            locked = Project.objects.select_for_update().get(pk=project.pk)
            # The same check as the form, the API and the import: the plan in scope, of the level and year.
            errors = references.errors_for(actor, Project, {"plan": plan}, locked)
            if errors:
                raise WorkflowError(next(iter(errors.values()))[0], code="plan")
            locked.plan = plan
            locked.save(update_fields=["plan"])
        project, doc = _step(project, "approve", actor=actor, document=document, note=note)
        _check_approval(project, "approve", actor=actor, doc=doc, cap_exception=cap_exception)
        if not project.versions.exists():
            ProjectVersion.objects.create(
                project=project,
                number=1,
                data=snapshot(project),
                status=RequestStatus.APPROVED,
                reason=note,
                requested_by=_actor_ok(actor),
                decided_by=_actor_ok(actor),
                decided_at=timezone.now(),
                decision=doc,
            )
    return project


@transaction.atomic
def request_adjustment(project, *, actor, changes, kinds=(), document=None, note=""):
    """Propose a new version (content, beneficiary, budget or schedule); nothing changes until approved."""
    changes = dict(changes or {})
    unknown = set(changes) - set(VERSIONED_FIELDS)
    if unknown:
        raise WorkflowError(
            _("These fields cannot be adjusted: %s") % ", ".join(sorted(unknown)), code="fields"
        )
    if not changes:
        raise WorkflowError(_("An adjustment must change something."), code="empty")
    for kind in kinds:
        if kind not in AdjustmentKind.values:
            raise WorkflowError(_("Unknown kind of adjustment: %s") % kind, code="kind")
    with audit.acting_as(actor, reason="đề án: request adjustment"):
        project, _doc = _step(project, "request_adjustment", actor=actor, document=document, note=note)
        if not project.versions.exists():
            ProjectVersion.objects.create(
                project=project, number=1, data=snapshot(project), status=RequestStatus.APPROVED
            )
        current = project.versions.get(number=project.version_number).data
        for name, value in changes.items():
            if isinstance(value, date):
                changes[name] = value.isoformat()
        data = {**current, **changes}
        if "beneficiary_ids" in data:
            data["beneficiary_ids"] = sorted(int(pk) for pk in data["beneficiary_ids"])
        number = project.versions.order_by("-number").values_list("number", flat=True).first() + 1
        ProjectVersion.objects.create(
            project=project,
            number=number,
            kinds=sorted(set(kinds)),
            data=data,
            reason=note,
            requested_by=_actor_ok(actor),
        )
    return project


def _decide_adjustment(project, name, status, *, actor, document, note, cap_exception=""):
    with audit.acting_as(actor, reason=f"đề án: {name}"):
        project, doc = _step(project, name, actor=actor, document=document, note=note, check_fields=False)
        version = project.versions.select_for_update().get(status=RequestStatus.PENDING)
        version.status, version.decided_by, version.decided_at, version.decision = (
            status,
            _actor_ok(actor),
            timezone.now(),
            doc,
        )
        version.save()
        if status == RequestStatus.APPROVED:
            _apply_data(project, version.data)
            project.version_number = version.number
            project.save(update_fields=["version_number"])
            # The new version passes the caps and the eligibility as an approval does (rolled back if not).
            _check_approval(project, name, actor=actor, doc=doc, cap_exception=cap_exception)
    return project


@transaction.atomic
def approve_adjustment(project, *, actor, document=None, note="", cap_exception=""):
    """Approve the pending version: it becomes the đề án's content; the earlier versions are kept.
    Above a cap it is refused unless the approver gives the legal basis of an exception."""
    return _decide_adjustment(
        project,
        "approve_adjustment",
        RequestStatus.APPROVED,
        actor=actor,
        document=document,
        note=note,
        cap_exception=cap_exception,
    )


@transaction.atomic
def refuse_adjustment(project, *, actor, document=None, note=""):
    """Refuse the pending version: it is kept as refused; the đề án goes back to where it was."""
    return _decide_adjustment(
        project, "refuse_adjustment", RequestStatus.REFUSED, actor=actor, document=document, note=note
    )


@transaction.atomic
def request_stop(project, *, actor, reason="", document=None, note=""):
    """Ask to stop the đề án. Until approved it is not a stop: the đề án still counts as carried out."""
    reason = reason or note
    if not reason:
        raise WorkflowError(_("Give the reason for stopping."), code="reason")
    with audit.acting_as(actor, reason="đề án: request stop"):
        project, _doc = _step(project, "request_stop", actor=actor, document=document, note=note or reason)
        StopRequest.objects.create(project=project, reason=reason, requested_by=_actor_ok(actor))
    return project


def _decide_stop(project, name, status, *, actor, document, note):
    with audit.acting_as(actor, reason=f"đề án: {name}"):
        project, doc = _step(project, name, actor=actor, document=document, note=note, check_fields=False)
        stop = project.stop_requests.select_for_update().get(status=RequestStatus.PENDING)
        stop.status, stop.decided_by, stop.decided_at, stop.decision = (
            status,
            _actor_ok(actor),
            timezone.now(),
            doc,
        )
        stop.save()
    return project


@transaction.atomic
def approve_stop(project, *, actor, document=None, note=""):
    """The plan-assigning authority approves the stop: the đề án is stopped."""
    return _decide_stop(
        project, "approve_stop", RequestStatus.APPROVED, actor=actor, document=document, note=note
    )


@transaction.atomic
def refuse_stop(project, *, actor, document=None, note=""):
    """The stop is refused: the đề án goes back to where it was."""
    return _decide_stop(
        project, "refuse_stop", RequestStatus.REFUSED, actor=actor, document=document, note=note
    )


SERVICES = {
    "start_draft": start_draft,
    "submit": submit,
    "appraise_local": appraise_local,
    "submit_central": submit_central,
    "approve": approve,
    "reject": reject,
    "contract": contract,
    "start": start,
    "request_adjustment": request_adjustment,
    "approve_adjustment": approve_adjustment,
    "refuse_adjustment": refuse_adjustment,
    "request_stop": request_stop,
    "approve_stop": approve_stop,
    "refuse_stop": refuse_stop,
    "complete": complete,
    "rework": rework,
    "accept": accept,
    "settle": settle,
    "evaluate": evaluate,
}
assert set(SERVICES) == set(workflow.BY_NAME), "every transition has exactly one service function"


# ---- creating and money ---------------------------------------------------------------------------


@transaction.atomic
def create_project(*, actor, beneficiaries=(), status=Status.DRAFT, **data):
    """Create a đề án (draft or registered need) inside the actor's scope."""
    if status not in (Status.DRAFT, Status.NEED_REGISTERED):
        raise WorkflowError(_("A new đề án starts as a registered need or a draft."), code="state")
    with audit.acting_as(actor, reason="đề án: create"):
        project = Project(status=status, **data)
        project.full_clean(exclude=["beneficiaries"])
        project.save()
        if beneficiaries:
            project.beneficiaries.set(beneficiaries)
        StatusChange.objects.create(
            project=project,
            transition="create",
            from_status="",
            to_status=status,
            changed_by=_actor_ok(actor),
        )
    if actor is not None and not can_edit(actor, project):
        raise OutOfScope
    return project


IMPORT_TRANSITION = "import"


@transaction.atomic
def record_import(projects, *, actor, note, transition=IMPORT_TRANSITION):
    """Log the arrival of đề án written in bulk by an import: for each record of `projects` (a queryset
    of just-inserted đề án, in the state they were imported in) one "+" history row with `actor` and
    `note` as reason, and one status-log row (`transition`, from "" to its status, by `actor`, `note`).

    Bulk, inside the database (INSERT … SELECT from the stored rows): thousands of đề án cost two
    statements, not a save() each. Returns the number of đề án logged.
    """
    from khuyencong.core.importing.bulk import Col, insert_select

    user = _actor_ok(actor)
    audit.bulk_history_from_database(projects, user=user, reason=note, date=timezone.now())
    return insert_select(
        StatusChange,
        projects,
        {
            "project_id": Col("id"),
            "transition": transition,
            "from_status": "",
            "to_status": Col("status"),
            "changed_by_id": user.pk if user else None,
            "document_id": None,
            "note": note,
        },
    )


@transaction.atomic
def record_payment(project, *, actor, kind, amount_vnd, paid_on, reference="", note=""):
    """Record an advance, disbursement or settlement of a đề án that is approved and not stopped."""
    if actor is not None and not can_edit(actor, project):
        raise NotAllowed(_("You may not record money for this đề án."))
    if project.status not in {
        Status.APPROVED_IN_PLAN,
        Status.CONTRACTED,
        Status.IN_PROGRESS,
        Status.ADJUSTMENT_REQUESTED,
        Status.STOP_REQUESTED,
        Status.COMPLETED,
        Status.ACCEPTED,
        Status.SETTLED,
        Status.EVALUATED,
    }:
        raise WorkflowError(_("Money can be recorded only for an approved đề án."), code="state")
    with audit.acting_as(actor, reason="đề án: payment"):
        return Payment.objects.create(
            project=project, kind=kind, amount_vnd=amount_vnd, paid_on=paid_on, reference=reference, note=note
        )


@transaction.atomic
def save_plan(form, *, actor):
    """Save an annual plan from PlanForm, recording its assigning decision as a Document."""
    with audit.acting_as(actor, reason="kế hoạch khuyến công"):
        plan = form.save(commit=False)
        number = form.cleaned_data.get("decision_number")
        if number:
            fields = {
                "number": number,
                "issued_on": form.cleaned_data["decision_date"],
                "issuing_body_name": form.cleaned_data.get("decision_issuer") or "",
            }
            if plan.decision_id:
                # save(), not update(): the correction is kept in the document's history and the
                # correspondence register (post_save) re-indexes the new number.
                document = plan.decision
                for name, value in fields.items():
                    setattr(document, name, value)
                document.save()
            else:
                plan.decision = Document.objects.create(
                    kind=DocumentKind.DECISION, province_id=plan.province_id, **fields
                )
        plan.save()
    return plan
