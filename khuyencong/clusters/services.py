"""Every state change of a cluster goes through these functions (UI, API, demo data and imports alike).

A cluster's status is derived, never typed (DOMAIN §7): `state_as_of` reads the decisions dated on or
before a day and says where the cluster stands; `refresh_status` stores today's answer on the cluster
so lists can filter on it. Out-of-order real cases (a detailed plan with no establishment decision)
are accepted: the furthest milestone reached wins and the gap is reported as an anomaly.
"""

from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from khuyencong.core import audit, clock

from .choices import (
    AREA_SETTING_KINDS,
    MILESTONE,
    ORGANISATION_TO_INVESTOR_KIND,
    PLAN_KINDS,
    PROGRESS,
    ClusterStatus,
    DecisionKind,
    InvestorKind,
)
from .models import Cluster, ClusterInvestorAssignment

INVESTOR_NAMING_KINDS = {DecisionKind.INVESTOR_SELECTION, DecisionKind.ESTABLISHMENT, DecisionKind.ADJUSTMENT}


@dataclass
class ClusterState:
    """Where a cluster stands on a day, from its decisions alone."""

    status: str = ClusterStatus.NO_RECORD
    in_plan: bool = False
    planned_area_ha: Decimal | None = None
    plan_decisions: list = field(default_factory=list)
    established: bool = False
    established_area_ha: Decimal | None = None
    detailed_plan: bool = False
    detailed_plan_area_ha: Decimal | None = None
    operating: bool = False
    anomalies: list = field(default_factory=list)


def _acting(actor, reason=None):
    return audit.acting_as(actor, reason=reason) if actor is not None else nullcontext()


def state_as_of(cluster, decisions, as_of=None):
    """The ClusterState of `cluster` from `decisions` dated on or before `as_of` (all when None)."""
    ds = sorted(
        (d for d in decisions if as_of is None or d.issued_on <= as_of),
        key=lambda d: (d.issued_on, d.pk or 0),
    )
    state = ClusterState()
    if not ds:
        state.status = ClusterStatus.LEGACY_UNREGULARISED if cluster.is_legacy else ClusterStatus.NO_RECORD
        return state
    plan = [d for d in ds if d.kind in PLAN_KINDS or d.kind == DecisionKind.PLAN_REMOVAL]
    removed = bool(plan) and plan[-1].kind == DecisionKind.PLAN_REMOVAL
    plan_areas = [d for d in plan if d.kind in PLAN_KINDS]
    state.plan_decisions = [d for d in plan_areas if d.number]
    # Any legal step after the plan (investor notice … operation) means the cluster is in the plan: a
    # missing plan decision is a data-quality finding ("plan_decision_missing"), never "not planned".
    later = any(MILESTONE.get(d.kind) not in (None, ClusterStatus.PLANNED) for d in ds)
    state.in_plan = (bool(plan_areas) or later) and not removed
    if state.in_plan:
        with_area = [d.area_ha for d in plan_areas if d.area_ha is not None]
        state.planned_area_ha = with_area[-1] if with_area else cluster.planned_area_ha
        if not state.plan_decisions:
            state.anomalies.append("plan_decision_missing")

    legal = [d for d in ds if d.kind in (DecisionKind.ESTABLISHMENT, DecisionKind.REVOCATION)]
    revoked = bool(legal) and legal[-1].kind == DecisionKind.REVOCATION
    state.established = bool(legal) and not revoked
    if state.established:
        last_establishment = legal[-1]
        areas = [
            d.area_ha
            for d in ds
            if d.kind in AREA_SETTING_KINDS
            and d.area_ha is not None
            and d.issued_on >= last_establishment.issued_on
        ]
        state.established_area_ha = areas[-1] if areas else None

    plans = [d for d in ds if d.kind == DecisionKind.DETAILED_PLAN]
    state.detailed_plan = bool(plans) and not revoked and not removed
    if state.detailed_plan:
        with_area = [d.area_ha for d in plans if d.area_ha is not None]
        state.detailed_plan_area_ha = with_area[-1] if with_area else None
    state.operating = not revoked and not removed and any(d.kind == DecisionKind.OPERATION for d in ds)
    if state.in_plan and state.planned_area_ha is None:  # the plan's area is at least what was decided
        state.planned_area_ha = state.established_area_ha or state.detailed_plan_area_ha

    if removed and not state.established:
        state.status = ClusterStatus.REMOVED_FROM_PLAN
    elif revoked:
        state.status = ClusterStatus.REVOKED
    else:
        top = max((PROGRESS.index(MILESTONE[d.kind]) for d in ds if d.kind in MILESTONE), default=0)
        state.status = PROGRESS[top]
        if cluster.is_legacy and not state.established and top < PROGRESS.index(ClusterStatus.ESTABLISHED):
            state.status = ClusterStatus.LEGACY_UNREGULARISED
    if state.detailed_plan and not any(d.kind == DecisionKind.ESTABLISHMENT for d in ds):
        state.anomalies.append("detailed_plan_without_establishment")
    if state.operating and not state.established:
        state.anomalies.append("operating_without_establishment")
    return state


def refresh_status(cluster):
    """Store the status derived from all the cluster's decisions (saves only when it changed) and the
    cluster's summary (`summary_of`), which reports read instead of deriving the state again.

    The cluster's row is locked first, so two writers refreshing at once store the later answer."""
    with transaction.atomic():
        Cluster.objects.select_for_update().filter(pk=cluster.pk).values_list("pk").first()
        decisions = list(cluster.decisions.all())
        summary = summary_of(cluster, decisions, list(cluster.investor_assignments.all()))
        status = summary[AT["status"]]
        if cluster.status != status:
            cluster.status = status
            cluster.save(update_fields=["status", "updated_at"])
        # A derived cache, not an edit: no history row, no updated_at (models.clusters clears it).
        Cluster.objects.filter(pk=cluster.pk).update(summary=summary)
        cluster.summary = summary
    return status


# -- the stored summary (Cluster.summary) ---------------------------------------------------------------
# `state_as_of` and `investor_as_of` give the same answer for every day on or after the cluster's last
# decision date and investor change: the summary stores that answer with that day ("from"), so a report
# as of such a day (today, nearly always) reads one row per cluster instead of every decision. It is
# written by `refresh_status` (every service that changes a decision, an investor or the cluster calls
# it) and cleared by the signals in models.clusters on any other write; a report falls back to
# `state_as_of` for a cluster without one or asked about an earlier day.

SUMMARY_VERSION = 3  # 3: in the plan once any later legal step is taken; plan entries without number
# The summary is a JSON list (a list decodes several times faster than an object: reports read
# thousands): the version, then these fields in this order. Areas are decimal strings, days ISO dates.
SUMMARY_FIELDS = (
    "from",  # the summary holds on this day and every day after it (None: on every day)
    "status",
    "in_plan",
    "planned_area_ha",
    "established",
    "established_area_ha",
    "detailed_plan",
    "detailed_plan_area_ha",
    "operating",
    "anomalies",
    "first_establishment",  # the first establishment decision's day (reports list clusters in that order)
    "first_detailed_plan",
    "plan_decisions",  # ids of ClusterState.plan_decisions
    "investor",  # id of the investor on those days (investor_as_of), or None
    "investor_kind",
)
# Where each field sits in the stored list (after the version): read `summary[AT["plan_decisions"]]`,
# never a bare number.
AT = {name: 1 + index for index, name in enumerate(SUMMARY_FIELDS)}


def summary_of(cluster, decisions, assignments):
    """The JSON-ready summary of `cluster` (SUMMARY_FIELDS): its state from all `decisions` and its
    investor from its `assignments`, as they are on every day from the last decision or investor change
    on, with the first establishment and detailed-plan days and the ids of its plan decisions."""
    decisions, assignments = list(decisions), list(assignments)
    days = [d.issued_on for d in decisions] + [a.since for a in assignments]
    days += [a.until + timedelta(days=1) for a in assignments if a.until is not None]
    valid_from = max(days, default=None)
    state = state_as_of(cluster, decisions)
    investor, investor_kind = investor_as_of(cluster, assignments, valid_from or date.min)

    def text(value):
        return None if value is None else str(value)

    def first(kind):
        return text(min((d.issued_on for d in decisions if d.kind == kind), default=None))

    return [
        SUMMARY_VERSION,
        text(valid_from),
        str(state.status),
        state.in_plan,
        text(state.planned_area_ha),
        state.established,
        text(state.established_area_ha),
        state.detailed_plan,
        text(state.detailed_plan_area_ha),
        state.operating,
        [str(anomaly) for anomaly in state.anomalies],
        first(DecisionKind.ESTABLISHMENT),
        first(DecisionKind.DETAILED_PLAN),
        [d.pk for d in state.plan_decisions],
        getattr(investor, "pk", None),
        str(investor_kind),
    ]


def summary_holds(summary, day):
    """True when `summary` (a Cluster.summary, possibly None) gives the state and investor on `day`
    (an ISO date string: reports compare thousands)."""
    if type(summary) is not list or not summary or summary[0] != SUMMARY_VERSION:
        return False
    return summary[AT["from"]] is None or summary[AT["from"]] <= day


def investor_kind_of(organisation):
    if organisation is None:
        return InvestorKind.NONE
    return ORGANISATION_TO_INVESTOR_KIND.get(organisation.kind, InvestorKind.ENTERPRISE)


def investor_as_of(cluster, assignments, day):
    """(organisation_or_None, InvestorKind) of the cluster on `day` from its assignment rows.

    Without any assignment row (records typed before the history existed) the current investor counts.
    """
    assignments = list(assignments)
    if not assignments:
        return cluster.investor, cluster.investor_kind
    covering = [a for a in assignments if a.covers(day)]
    if not covering:
        return None, InvestorKind.NONE
    latest = max(covering, key=lambda a: (a.since, a.pk or 0))
    return latest.investor, latest.kind


@transaction.atomic
def assign_investor(
    cluster, investor, *, since, decision=None, note="", actor=None, reason=None, refresh=True
):
    """Make `investor` (an Organisation, or None) the cluster's infrastructure investor from `since`.

    Closes the open assignment the day before, writes the new one and updates the cluster's current
    investor and investor kind. Assigning the investor already in place is a no-op. `refresh=False`
    leaves `refresh_status` to the caller (the services below, which call it once at their end).
    """
    with _acting(actor, reason):
        current = cluster.investor_assignments.filter(until__isnull=True).order_by("-since", "-pk").first()
        investor_id = investor.pk if investor else None
        if current is not None and current.investor_id == investor_id:
            return current
        if current is not None:
            current.until = max(current.since, since - timedelta(days=1))
            current.save(update_fields=["until", "updated_at"])
        assignment = ClusterInvestorAssignment.objects.create(
            cluster=cluster,
            investor=investor,
            kind=investor_kind_of(investor),
            since=since,
            decision=decision,
            note=note,
        )
        cluster.investor = investor
        cluster.investor_kind = assignment.kind
        cluster.save(update_fields=["investor", "investor_kind", "updated_at"])
        if refresh:
            refresh_status(cluster)
        return assignment


@transaction.atomic
def save_cluster(cluster, *, actor=None, investor_since=None, communes=None, reason=None):
    """Create or update a cluster; a changed investor becomes a new assignment from `investor_since`."""
    with _acting(actor, reason):
        previous_investor_id = None
        if cluster.pk:
            previous_investor_id = (
                Cluster.objects.filter(pk=cluster.pk).values_list("investor", flat=True).first()
            )
        changed = cluster.investor_id != previous_investor_id
        cluster.save()
        if communes is not None:
            cluster.communes.set(communes)
        if changed:
            assign_investor(cluster, cluster.investor, since=investor_since or clock.today(), refresh=False)
        refresh_status(cluster)
        return cluster


@transaction.atomic
def record_decision(decision, *, actor=None, reason=None):
    """Save a decision (new or edited); the investor it names becomes the cluster's; status is refreshed."""
    with _acting(actor, reason):
        decision.save()
        cluster = decision.cluster
        if decision.kind in INVESTOR_NAMING_KINDS and decision.investor_id:
            assign_investor(
                cluster, decision.investor, since=decision.issued_on, decision=decision, refresh=False
            )
        refresh_status(cluster)
        return decision


@transaction.atomic
def delete_decision(decision, *, actor=None, reason=None):
    with _acting(actor, reason):
        cluster = decision.cluster
        decision.delete()
        refresh_status(cluster)


@transaction.atomic
def set_status_override(cluster, status, reason_text, *, actor=None):
    """Set (or clear with status="") the hand-set status of a legacy cluster; refused for others."""
    if status and not cluster.is_legacy:
        raise ValueError("Only a legacy cluster may have its status set by hand.")
    with _acting(actor, "status override"):
        cluster.status_override = status
        cluster.status_override_reason = reason_text if status else ""
        cluster.save(update_fields=["status_override", "status_override_reason", "updated_at"])
    return cluster
