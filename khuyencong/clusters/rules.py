"""Rules that change by date (DESIGN §4): size limits, expansion threshold, deadlines.

The rules are data in `khuyencong/reference_data/clusters/rules.json`: each version has a code, the
dates it is in force, its legal source and its parameters. `rule(code, day)` returns the version in
force on `day`. Versions marked `"confirmed": false` (e.g. Decree 303/2026, known from one working note)
are kept in the file for review but never applied. Breaking a rule yields a `Warning`; it never blocks
a save, because legacy records legitimately break today's rules.
"""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from khuyencong.core import clock
from khuyencong.core.formatting import vn_date, vn_number
from khuyencong.deadlines.calendar import CalendarMissing, add_days, add_working_days

from .choices import ClusterKind, ClusterStatus, DecisionKind, InfrastructureKind, InfrastructureState

RULES_FILE = Path(settings.BASE_DIR) / "reference_data" / "clusters" / "rules.json"


@dataclass(frozen=True)
class RuleVersion:
    code: str
    valid_from: date
    valid_to: date | None
    legal_source: str
    params: dict
    confirmed: bool = True

    def in_force(self, day):
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Warning:  # noqa: A001 - a rule warning, not Python's builtin
    code: str
    message: str
    legal_source: str = ""


@lru_cache(maxsize=1)
def all_rules():
    with open(RULES_FILE, encoding="utf-8") as fh:
        rows = json.load(fh)["rules"]
    return tuple(
        RuleVersion(
            code=row["code"],
            valid_from=date.fromisoformat(row["valid_from"]),
            valid_to=date.fromisoformat(row["valid_to"]) if row.get("valid_to") else None,
            legal_source=row["legal_source"],
            params=row["params"],
            confirmed=row.get("confirmed", True),
        )
        for row in rows
    )


def rule(code, day):
    """The confirmed version of rule `code` in force on `day`, or None."""
    for version in all_rules():
        if version.code == code and version.confirmed and version.in_force(day):
            return version
    return None


def _reference_day(cluster, decisions):
    """Rules apply as of the establishment decision, else the plan decision, else today."""
    for kinds in ({DecisionKind.ESTABLISHMENT}, {DecisionKind.PLAN_INCLUSION, DecisionKind.PLAN_ADJUSTMENT}):
        dated = [d.issued_on for d in decisions if d.kind in kinds]
        if dated:
            return min(dated)
    return clock.today()


def size_limits(cluster, day):
    """(min_ha, max_ha, legal_source) for this cluster on `day`, or None when no rule is in force."""
    version = rule("cluster_size", day)
    if version is None:
        return None
    params = version.params
    minimum = Decimal(str(params["min_ha"]))
    if cluster.kind == ClusterKind.CRAFT_VILLAGE:
        minimum = Decimal(str(params["min_ha_craft_village"]))
    elif cluster.in_mountainous_area:
        minimum = Decimal(str(params["min_ha_mountainous"]))
    return minimum, Decimal(str(params["max_ha"])), version.legal_source


def check_cluster(cluster, decisions=None, land_records=None, today=None, infrastructure=None):
    """Every rule `cluster` breaks, as a list of Warning (empty when all is well)."""
    today = today or clock.today()
    decisions = list(cluster.decisions.all()) if decisions is None else list(decisions)
    decisions.sort(key=lambda d: (d.issued_on, d.pk or 0))
    warnings = []
    day = _reference_day(cluster, decisions)
    limits = size_limits(cluster, day)
    areas = [(_("planned area"), cluster.planned_area_ha)]
    areas += [(d.get_kind_display(), d.area_ha) for d in decisions if d.kind in (DecisionKind.ESTABLISHMENT,)]
    if limits:
        minimum, maximum, source = limits
        for label, area in areas:
            if area is None:
                continue
            if not minimum <= area <= maximum:
                text = _("%(what)s of %(area)s ha is outside the limits of %(min)s–%(max)s ha.") % {
                    "what": str(label).capitalize(),
                    "area": vn_number(area, None),
                    "min": vn_number(minimum, None),
                    "max": vn_number(maximum, None),
                }
                if cluster.is_legacy:
                    text = f"{text} " + str(_("Allowed for a legacy cluster (Decree 32/2024, Art. 35)."))
                warnings.append(Warning("cluster_size", text, source))
    warnings += _check_expansions(cluster, decisions, land_records)
    warnings += _check_expansion_infrastructure(cluster, decisions, infrastructure)
    warnings += _check_establishment_condition(cluster, decisions)
    warnings += _check_sequence(cluster, decisions, today)
    return warnings


def _check_expansion_infrastructure(cluster, decisions, infrastructure):
    """Decree 32/2024 Art. 8(2)(d): before an expansion, internal roads, water supply and wastewater
    collection and treatment are built and in use (in service on or before the expansion's date)."""
    warnings = []
    expansions = [d for d in decisions if d.kind == DecisionKind.EXPANSION]
    if not expansions:
        return warnings
    items = list(cluster.infrastructure.all()) if infrastructure is None else list(infrastructure)
    for decision in expansions:
        version = rule("expansion_infrastructure", decision.issued_on)
        if version is None:
            continue
        missing = []
        for kind in version.params["required"]:
            in_use = any(
                item.kind == kind
                and item.state == InfrastructureState.OPERATING
                and item.in_service_on is not None
                and item.in_service_on <= decision.issued_on
                for item in items
            )
            if not in_use:
                missing.append(str(InfrastructureKind(kind).label).lower())
        if missing:
            warnings.append(
                Warning(
                    "expansion_infrastructure",
                    _(
                        "Expansion %(number)s of %(day)s: not in use before it (no operating work with a "
                        "date in service on or before that day): %(missing)s."
                    )
                    % {
                        "number": decision.number,
                        "day": vn_date(decision.issued_on),
                        "missing": ", ".join(missing),
                    },
                    version.legal_source,
                )
            )
    return warnings


def establishment_peers(cluster, day, area):
    """The other clusters established (and not revoked) before `day` in the same area: the same former
    district (`area` "district", read from the communes' parent) or the same province."""
    from .models import Cluster

    peers = (
        Cluster.objects.filter(
            province_id=cluster.province_id,
            decisions__kind=DecisionKind.ESTABLISHMENT,
            decisions__issued_on__lt=day,
        )
        .exclude(pk=cluster.pk)
        .exclude(decisions__kind=DecisionKind.REVOCATION, decisions__issued_on__lt=day)
        .distinct()
    )
    if area == "district":
        communes = cluster.communes.select_related("parent")
        districts = {c.parent_id for c in communes if c.parent is not None and c.parent.level == "district"}
        if not districts:
            return None  # the district is not known: the condition cannot be read
        peers = peers.filter(communes__parent_id__in=districts).distinct()
    return peers


def _check_establishment_condition(cluster, decisions):
    """Decree 32/2024 Art. 8(1)(c): where clusters are already established in the area, their average
    occupancy exceeds 50 % or their unleased industrial land is at most 100 ha (as of the decision)."""
    from .models import LandRecord

    establishments = [d for d in decisions if d.kind == DecisionKind.ESTABLISHMENT]
    if not establishments:
        return []
    decision = establishments[0]
    version = rule("establishment_condition", decision.issued_on)
    if version is None:
        return []
    peers = establishment_peers(cluster, decision.issued_on, version.params.get("area", "district"))
    if peers is None:
        return []
    latest = {}
    for record in LandRecord.objects.filter(cluster__in=peers, period_end__lte=decision.issued_on).order_by(
        "cluster_id", "period_end"
    ):
        latest[record.cluster_id] = record  # the last one before the decision wins
    peer_ids = list(peers.values_list("pk", flat=True))
    if not peer_ids:
        return []
    known = [r for r in latest.values() if r.occupancy_pct is not None]
    params = version.params
    if len(known) < len(peer_ids):
        return [
            Warning(
                "establishment_condition_unknown",
                _(
                    "Establishment %(number)s: %(count)s cluster(s) already established in the area have no "
                    "land record before %(day)s, so the occupancy condition cannot be checked."
                )
                % {
                    "number": decision.number,
                    "count": len(peer_ids) - len(known),
                    "day": vn_date(decision.issued_on),
                },
                version.legal_source,
            )
        ]
    average = sum(r.occupancy_pct for r in known) / len(known)
    unleased = sum(r.industrial_land_ha - r.leased_ha for r in known)
    if average > Decimal(str(params["min_average_occupancy_pct"])) or unleased <= Decimal(
        str(params["max_unleased_industrial_land_ha"])
    ):
        return []
    return [
        Warning(
            "establishment_condition",
            _(
                "Establishment %(number)s: the %(count)s cluster(s) already established in the area had an "
                "average occupancy of %(avg)s %% (more than %(min)s %% required) and %(free)s ha of unleased "
                "industrial land (at most %(max)s ha allowed)."
            )
            % {
                "number": decision.number,
                "count": len(known),
                "avg": vn_number(average, 2),
                "min": vn_number(Decimal(str(params["min_average_occupancy_pct"])), None),
                "free": vn_number(unleased, 2),
                "max": vn_number(Decimal(str(params["max_unleased_industrial_land_ha"])), None),
            },
            version.legal_source,
        )
    ]


def _check_expansions(cluster, decisions, land_records):
    warnings = []
    expansions = [d for d in decisions if d.kind == DecisionKind.EXPANSION]
    if not expansions:
        return warnings
    records = list(cluster.land_records.all()) if land_records is None else list(land_records)
    for decision in expansions:
        version = rule("expansion_occupancy", decision.issued_on)
        if version is None:
            continue
        threshold = Decimal(str(version.params["min_occupancy_pct"]))
        before = [r for r in records if r.period_end <= decision.issued_on and r.occupancy_pct is not None]
        latest = max(before, key=lambda r: r.period_end, default=None)
        if latest is None or latest.occupancy_pct < threshold:
            shown = vn_number(latest.occupancy_pct, 2) + " %" if latest else "?"
            warnings.append(
                Warning(
                    "expansion_occupancy",
                    _("Expansion %(number)s: occupancy before it was %(occ)s, under the %(min)s %% required.")
                    % {"number": decision.number, "occ": shown, "min": vn_number(threshold, None)},
                    version.legal_source,
                )
            )
        limits = size_limits(cluster, decision.issued_on)
        if limits and decision.area_ha and decision.area_ha > limits[1]:
            warnings.append(
                Warning(
                    "cluster_size",
                    _("Expansion %(number)s: the area after expansion exceeds %(max)s ha.")
                    % {"number": decision.number, "max": vn_number(limits[1], None)},
                    limits[2],
                )
            )
    return warnings


def _check_sequence(cluster, decisions, today):
    warnings = []
    kinds = {d.kind for d in decisions}
    if DecisionKind.DETAILED_PLAN in kinds and DecisionKind.ESTABLISHMENT not in kinds:
        warnings.append(
            Warning(
                "sequence",
                _("A detailed plan is recorded but no establishment decision (accepted, shown as recorded)."),
                "Nghị định 32/2024/NĐ-CP, Điều 14",
            )
        )
    if cluster.is_legacy and DecisionKind.ESTABLISHMENT not in kinds:
        version = rule("legacy_regularisation", today)
        if version is not None:
            deadline = date.fromisoformat(version.params["deadline"])
            warnings.append(
                Warning(
                    "legacy_regularisation",
                    _("A legacy cluster must be established or removed from the plan by %(day)s.")
                    % {"day": vn_date(deadline)},
                    version.legal_source,
                )
            )
    if cluster.status_override:
        warnings.append(
            Warning(
                "manual_status",
                _("Status set by hand (%(status)s): %(reason)s")
                % {
                    "status": ClusterStatus(cluster.status_override).label,
                    "reason": cluster.status_override_reason or "—",
                },
            )
        )
    submissions = [d for d in decisions if d.kind == DecisionKind.DOSSIER_SUBMISSION]
    if submissions and DecisionKind.ESTABLISHMENT not in kinds:
        submitted = submissions[-1].issued_on
        version = rule("processing_deadlines", submitted)
        pause = appraisal_pause(decisions, submitted)
        if version is not None and pause.since is None:  # out for completion: the clock stands still
            try:
                decide_by = decision_due(cluster, submitted, version, pause)
            except CalendarMissing as missing:
                decide_by = None
                warnings.append(
                    Warning(
                        "calendar_missing",
                        _("No decision deadline for the dossier of %(day)s: %(reason)s.")
                        % {"day": vn_date(submitted), "reason": missing},
                        version.legal_source,
                    )
                )
            if decide_by is not None and today > decide_by:
                warnings.append(
                    Warning(
                        "processing_deadline",
                        _("The dossier submitted on %(day)s should have been decided by %(deadline)s.")
                        % {"day": vn_date(submitted), "deadline": vn_date(decide_by)},
                        version.legal_source,
                    )
                )
    return warnings


@dataclass(frozen=True)
class Pause:
    """The appraisal clock of a dossier: the days it stood still while the dossier was out for completion,
    and, while it still is, the day it was returned."""

    days: int = 0
    since: date | None = None


def appraisal_pause(decisions, submitted):
    """From each return of the dossier for completion to the completed dossier's arrival, after the
    dossier of `submitted`: those days are not counted (Decree 32/2024, Art. 10(3))."""
    days, since = 0, None
    for decision in sorted(decisions, key=lambda d: (d.issued_on, d.pk or 0)):
        if decision.issued_on < submitted:
            continue
        if decision.kind == DecisionKind.DOSSIER_RETURNED and since is None:
            since = decision.issued_on
        elif decision.kind == DecisionKind.DOSSIER_COMPLETED and since is not None:
            days += (decision.issued_on - since).days
            since = None
    return Pause(days, since)


def appraisal_due(submitted, version, pause=Pause()):
    """The Department appraises a dossier within `appraisal_days` days of its submission, not counting
    the days it was out for completion (`pause`); while it still is, the due date is the earliest."""
    return add_days(submitted, int(version.params["appraisal_days"]) + pause.days)


def decision_due(cluster, submitted, version, pause=Pause()):
    """After the appraisal, the decision within `decision_working_days` working days of the province."""
    return add_working_days(
        appraisal_due(submitted, version, pause),
        int(version.params["decision_working_days"]),
        cluster.province_id,
    )


@dataclass(frozen=True)
class ProcedureStep:
    code: str
    label: str
    due: date  # with `missing_calendar`: the earliest the deadline can be (weekends only counted)
    done: bool
    legal_source: str
    missing_calendar: str = ""  # "chưa có lịch nghỉ năm 2027": the count crossed a year without days off
    # The dossier is out for completion since this day: the clock stands still, `due` is the earliest.
    paused_since: date | None = None


def _working_day_step(code, label, done, legal_source, count, paused_since=None):
    """A step whose due date is counted in working days; shown as missing when the calendar lacks a year."""
    try:
        return ProcedureStep(code, label, count(), done, legal_source, paused_since=paused_since)
    except CalendarMissing as missing:
        return ProcedureStep(
            code, label, missing.earliest, done, legal_source, str(missing), paused_since=paused_since
        )


def procedure_deadlines(cluster, decisions):
    """Due dates of the open steps of the investor-selection procedure (Decree 32/2024, Art. 10).

    After the notice receiving applications: the application window (days), then the dossier to the
    Department (working days); after the dossier: the appraisal (days), then the decision (working days).
    Working days follow the province's calendar (deadlines.calendar)."""
    steps = []
    decisions = sorted(decisions, key=lambda d: d.issued_on)
    kinds = {d.kind for d in decisions}
    notices = [d for d in decisions if d.kind == DecisionKind.APPLICATION_NOTICE]
    dossiers = [d for d in decisions if d.kind == DecisionKind.DOSSIER_SUBMISSION]
    decided = bool(kinds & {DecisionKind.INVESTOR_SELECTION, DecisionKind.ESTABLISHMENT})
    if notices:
        notice = notices[-1]
        version = rule("processing_deadlines", notice.issued_on)
        if version is not None:
            closes = add_days(notice.issued_on, int(version.params["application_window_days"]))
            steps.append(
                ProcedureStep(
                    "applications", _("Applications close"), closes, bool(dossiers), version.legal_source
                )
            )
            steps.append(
                _working_day_step(
                    "dossier",
                    _("Dossier to the Department"),
                    bool(dossiers),
                    version.legal_source,
                    lambda: add_working_days(
                        closes, int(version.params["submission_working_days"]), cluster.province_id
                    ),
                )
            )
    if dossiers:
        dossier = dossiers[-1]
        version = rule("processing_deadlines", dossier.issued_on)
        if version is not None:
            pause = appraisal_pause(decisions, dossier.issued_on)
            appraised = appraisal_due(dossier.issued_on, version, pause)
            steps.append(
                ProcedureStep(
                    "appraisal",
                    _("Appraisal"),
                    appraised,
                    decided,
                    version.legal_source,
                    paused_since=pause.since,
                )
            )
            steps.append(
                _working_day_step(
                    "decision",
                    _("Establishment decision"),
                    decided,
                    version.legal_source,
                    lambda: decision_due(cluster, dossier.issued_on, version, pause),
                    paused_since=pause.since,
                )
            )
    return steps
