"""Every write of the inspections app (web, API, demo data): visits, findings, recommendations and their
follow-up log. A recommendation is closed only with evidence on file; overdue is computed, never stored."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from khuyencong.core import audit, clock
from khuyencong.core.scoping import OutOfScope, can_edit

from .choices import TRANSITIONS, RecommendationKind, RecommendationStatus
from .models import Finding, FollowUp, Inspection, Recommendation


class NotAllowed(ValidationError):
    pass


def _user(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _check(actor, obj, message):
    if actor is not None and not can_edit(actor, obj):
        raise NotAllowed(message)


@transaction.atomic
def create_inspection(*, actor, **data):
    with audit.acting_as(actor, reason="inspection"):
        inspection = Inspection(**data)
        inspection.full_clean()
        inspection.save()
    if actor is not None and not can_edit(actor, inspection):
        raise OutOfScope
    return inspection


@transaction.atomic
def add_finding(inspection, *, actor, text, severity="note"):
    _check(actor, inspection, _("You may not change this inspection."))
    number = (inspection.findings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    with audit.acting_as(actor, reason="inspection finding"):
        finding = Finding(inspection=inspection, number=number, text=text, severity=severity)
        finding.full_clean()
        finding.save()
    return finding


@transaction.atomic
def add_recommendation(*, actor, finding=None, inspection=None, province=None, **data):
    """A recommendation of a finding (its visit and province follow), or a local proposal (`province`)."""
    if finding is not None:
        inspection = finding.inspection
    if inspection is not None:
        _check(actor, inspection, _("You may not change this inspection."))
        province = inspection.province
        data.setdefault("kind", RecommendationKind.INSPECTION)
    else:
        data["kind"] = RecommendationKind.PROPOSAL
    with audit.acting_as(actor, reason="recommendation"):
        recommendation = Recommendation(finding=finding, inspection=inspection, province=province, **data)
        recommendation.full_clean()
        recommendation.save()
    if actor is not None and not can_edit(actor, recommendation):
        raise OutOfScope
    return recommendation


@transaction.atomic
def record_follow_up(recommendation, *, actor, text, evidence=None, status=None, on=None, answer=None):
    """Add a follow-up entry; with `status`, move the recommendation (closing needs evidence: this entry's
    file or an earlier one)."""
    _check(actor, recommendation, _("You may not follow up this recommendation."))
    status = status or ""
    if status and status != recommendation.status:
        if status not in TRANSITIONS[recommendation.status]:
            raise ValidationError(
                _("A recommendation cannot go from %(old)s to %(new)s.")
                % {
                    "old": recommendation.get_status_display(),
                    "new": RecommendationStatus(status).label,
                }
            )
        if status == RecommendationStatus.CLOSED and not evidence and not recommendation.has_evidence():
            raise ValidationError(_("Attach the evidence (a report, minutes or photos) before closing."))
    with audit.acting_as(actor, reason="recommendation follow-up"):
        entry = FollowUp(
            recommendation=recommendation,
            text=text,
            date=on or clock.today(),
            status_after=status,
            author=_user(actor),
        )
        if evidence:
            entry.evidence = evidence
        entry.full_clean()
        entry.save()
        changed = False
        if status and status != recommendation.status:
            recommendation.status = status
            recommendation.closed_on = entry.date if status == RecommendationStatus.CLOSED else None
            changed = True
        if answer is not None and answer != recommendation.answer:
            recommendation.answer = answer
            changed = True
        if changed:
            recommendation.save()
    return entry


@transaction.atomic
def bulk_follow_up(recommendations, *, actor, text, status=None, on=None):
    """The same follow-up for several recommendations (the list's bulk action): all or none. A refusal
    names each recommendation it concerns."""
    errors = []
    entries = []
    for recommendation in recommendations:
        try:
            with transaction.atomic():
                entries.append(record_follow_up(recommendation, actor=actor, text=text, status=status, on=on))
        except ValidationError as exc:
            label = Truncator(recommendation.text).chars(60)
            errors.extend(f"{label}: {message}" for message in exc.messages)
    if errors:
        raise ValidationError(errors)
    return entries


def overdue_by_addressee(queryset):
    """[(addressee label, [recommendations])] of the overdue ones, most overdue addressee first."""
    groups = {}
    for rec in queryset.overdue().select_related("addressee", "inspection").order_by("deadline"):
        groups.setdefault(rec.addressee_label or "—", []).append(rec)
    return sorted(groups.items(), key=lambda item: -len(item[1]))
