"""The đề án workflow as data: the transition table and the fields required before each state.

This table is the single source for the buttons on the đề án page, the API `transition` action and
the service functions in `services.py` (which look their transition up here). DOMAIN §7.2.

Who may act: a transition lists the roles allowed for each programme level. Provincial roles
(officer, promotion centre) act only on đề án inside `editable_by(user)`; the central agency acts on
national đề án anywhere (it appraises and approves the KCQG plan) but edits nothing else.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from khuyencong.core.scoping import (
    CENTRAL,
    PROMOTION_CENTRE,
    PROVINCE_OFFICER,
    access_scope,
    can_edit,
    can_view,
)

from .choices import STATUS_ORDER, DocumentKind, Level, Status

PROVINCE = frozenset({PROVINCE_OFFICER, PROMOTION_CENTRE})
OFFICER = frozenset({PROVINCE_OFFICER})
CENTRAL_ONLY = frozenset({CENTRAL})
RETURN = "return"  # target meaning "back to the state before the request"


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    roles: dict  # level -> frozenset of role codes
    document: str | None = None  # kind of document this step records
    document_required: bool = False
    levels: frozenset = field(default_factory=lambda: frozenset(Level.values))

    def target_for(self, project):
        return project.status_before_request if self.target == RETURN else self.target


def _t(name, label, sources, target, *, roles, document=None, required=False, levels=None):
    if not isinstance(roles, dict):
        roles = {Level.NATIONAL: roles, Level.LOCAL: roles}
    return Transition(
        name, label, frozenset(sources), target, roles, document, required, frozenset(levels or Level.values)
    )


RUNNING = (Status.APPROVED_IN_PLAN, Status.CONTRACTED, Status.IN_PROGRESS)
# The plan-assigning authority: the Ministry (central agency) for KCQG, the province for KCĐP.
AUTHORITY = {Level.NATIONAL: CENTRAL_ONLY, Level.LOCAL: OFFICER}

TRANSITIONS = [
    _t("start_draft", _("Start preparing"), [Status.NEED_REGISTERED], Status.DRAFT, roles=PROVINCE),
    _t(
        "submit",
        _("Submit for appraisal"),
        [Status.DRAFT],
        Status.SUBMITTED,
        roles=PROVINCE,
        document=DocumentKind.LETTER,
    ),
    _t(
        "appraise_local",
        _("Record the department's appraisal"),
        [Status.SUBMITTED],
        Status.APPRAISED_LOCAL,
        roles=OFFICER,
        document=DocumentKind.MINUTES,
        required=True,
        levels=[Level.NATIONAL],
    ),
    _t(
        "submit_central",
        _("Send to the central agency"),
        [Status.APPRAISED_LOCAL],
        Status.SUBMITTED_CENTRAL,
        roles=OFFICER,
        document=DocumentKind.LETTER,
        levels=[Level.NATIONAL],
    ),
    _t(
        "approve",
        _("Approve in the plan"),
        [Status.SUBMITTED, Status.SUBMITTED_CENTRAL],
        Status.APPROVED_IN_PLAN,
        roles=AUTHORITY,
        document=DocumentKind.DECISION,
        required=True,
    ),
    _t(
        "reject",
        _("Reject"),
        [Status.SUBMITTED, Status.APPRAISED_LOCAL, Status.SUBMITTED_CENTRAL],
        Status.REJECTED,
        roles={Level.NATIONAL: OFFICER | CENTRAL_ONLY, Level.LOCAL: OFFICER},
        document=DocumentKind.DECISION,
    ),
    _t(
        "contract",
        _("Record the contract"),
        [Status.APPROVED_IN_PLAN],
        Status.CONTRACTED,
        roles=PROVINCE,
        document=DocumentKind.CONTRACT,
        required=True,
    ),
    _t("start", _("Start implementation"), [Status.CONTRACTED], Status.IN_PROGRESS, roles=PROVINCE),
    _t(
        "request_adjustment",
        _("Request an adjustment"),
        RUNNING,
        Status.ADJUSTMENT_REQUESTED,
        roles=PROVINCE,
        document=DocumentKind.REQUEST,
    ),
    _t(
        "approve_adjustment",
        _("Approve the adjustment"),
        [Status.ADJUSTMENT_REQUESTED],
        RETURN,
        roles=AUTHORITY,
        document=DocumentKind.DECISION,
        required=True,
    ),
    _t(
        "refuse_adjustment",
        _("Refuse the adjustment"),
        [Status.ADJUSTMENT_REQUESTED],
        RETURN,
        roles=AUTHORITY,
        document=DocumentKind.LETTER,
    ),
    _t(
        "request_stop",
        _("Request to stop"),
        RUNNING,
        Status.STOP_REQUESTED,
        roles=PROVINCE,
        document=DocumentKind.REQUEST,
    ),
    _t(
        "approve_stop",
        _("Approve the stop"),
        [Status.STOP_REQUESTED],
        Status.STOPPED,
        roles=AUTHORITY,
        document=DocumentKind.DECISION,
        required=True,
    ),
    _t(
        "refuse_stop",
        _("Refuse the stop"),
        [Status.STOP_REQUESTED],
        RETURN,
        roles=AUTHORITY,
        document=DocumentKind.LETTER,
    ),
    _t(
        "complete",
        _("Report completion"),
        [Status.IN_PROGRESS],
        Status.COMPLETED,
        roles=PROVINCE,
        document=DocumentKind.REPORT,
    ),
    _t("rework", _("Send back for rework"), [Status.COMPLETED], Status.IN_PROGRESS, roles=PROVINCE),
    _t(
        "accept",
        _("Record acceptance"),
        [Status.COMPLETED],
        Status.ACCEPTED,
        roles=PROVINCE,
        document=DocumentKind.MINUTES,
        required=True,
    ),
    _t(
        "settle",
        _("Record settlement"),
        [Status.ACCEPTED],
        Status.SETTLED,
        roles=OFFICER,
        document=DocumentKind.DECISION,
        required=True,
    ),
    _t(
        "evaluate",
        _("Record the post-support evaluation"),
        [Status.SETTLED],
        Status.EVALUATED,
        roles=PROVINCE,
        document=DocumentKind.REPORT,
    ),
]
BY_NAME = {t.name: t for t in TRANSITIONS}

# Stage-gated required fields: field -> the first state in which it must be filled (DOMAIN §7.2).
REQUIRED_FROM = {
    "title": Status.DRAFT,
    "category": Status.SUBMITTED,
    "executing_unit": Status.SUBMITTED,
    "objectives": Status.SUBMITTED,
    "state_support_vnd": Status.SUBMITTED,
    "total_cost_vnd": Status.SUBMITTED,
    "start_date": Status.SUBMITTED,
    "end_date": Status.SUBMITTED,
    "beneficiaries": Status.SUBMITTED,
    "plan": Status.APPROVED_IN_PLAN,
}


def _rank(status):
    try:
        return STATUS_ORDER.index(status)
    except ValueError:
        return -1


def missing_fields_for(project, target_status):
    """Names of the fields that must be filled before `project` may enter `target_status`."""
    rank = _rank(target_status)
    missing = []
    for name, required_from in REQUIRED_FROM.items():
        if rank < _rank(required_from):
            continue
        if name == "beneficiaries":
            empty = project.pk is None or not project.beneficiaries.exists()
        else:
            empty = not getattr(project, f"{name}_id" if hasattr(project, f"{name}_id") else name)
        if empty:
            missing.append(name)
    return missing


def missing_field_labels(project, target_status):
    opts = type(project)._meta
    return [opts.get_field(name).verbose_name for name in missing_fields_for(project, target_status)]


def get(name):
    try:
        return BY_NAME[name]
    except KeyError:
        raise LookupError(name) from None


def role_allows(transition, project, user, memo=None):
    """May `user` take `transition` on `project`, as far as roles and scope go (ignores the state).

    `memo` (a dict) lets one caller ask for several transitions with one scope query each for view and
    edit; it must not outlive the request that made it."""
    scope = access_scope(user)
    if scope.superuser:
        return True
    if project.level not in transition.levels:
        return False
    roles = scope.roles() & transition.roles.get(project.level, frozenset())
    if not roles:
        return False
    memo = {} if memo is None else memo
    if CENTRAL in roles:
        if "view" not in memo:
            memo["view"] = can_view(user, project)
        if memo["view"]:
            return True
    if not roles & PROVINCE:
        return False
    if "edit" not in memo:
        memo["edit"] = can_edit(user, project)
    return memo["edit"]


def can_apply(transition, project, user):
    return project.status in transition.sources and role_allows(transition, project, user)


def available_transitions(project, user, *, visible=None, editable=None):
    """Transitions `user` may take now on `project`, in table order (drives buttons and the API).

    `visible` / `editable`: what the caller already knows of `can_view` / `can_edit` for this user and
    đề án in this request (the detail page reads both with the row), so no scope query is asked again."""
    memo = {}
    if visible is not None:
        memo["view"] = visible
    if editable is not None:
        memo["edit"] = editable
    return [
        t
        for t in TRANSITIONS
        if project.status in t.sources and project.level in t.levels and role_allows(t, project, user, memo)
    ]


def next_step_gaps(project):
    """For each transition out of the current state: the fields still missing before its target."""
    gaps = []
    for t in TRANSITIONS:
        if project.status in t.sources and project.level in t.levels and t.target != RETURN:
            labels = missing_field_labels(project, t.target)
            if labels:
                gaps.append((t, labels))
    return gaps


# Stored history reasons of programs.services ("đề án: <name>") that are not a step of TRANSITIONS.
OTHER_REASONS = {
    "create": _("Đề án created"),
    "payment": _("Payment recorded"),
}


def history_reason(name):
    """The label shown on history pages for the stored reason "đề án: <name>" (None if unknown):
    the step's label from the transition table ("request adjustment" is the step request_adjustment)."""
    step = BY_NAME.get(name.replace(" ", "_"))
    return step.label if step is not None else OTHER_REASONS.get(name)
