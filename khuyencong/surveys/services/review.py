"""An officer reviews a response, merges it into the registry (duplicate check by folded name and
commune), resolves conflicts field by field, and drafts a đề án from it in one step."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core import audit, clock
from khuyencong.core.scoping import can_edit
from khuyencong.facilities.models import Facility
from khuyencong.facilities.services import register_facility
from khuyencong.programs import services as program_services
from khuyencong.programs.choices import Level, Status

from ..choices import AssignmentStatus, ResponseStatus
from ..reference import SUPPORT_KINDS
from .assignments import _advance_assignment
from .base import NotAllowed, _user


def _check_editable(response, actor):
    if actor is not None and not can_edit(actor, response):
        raise NotAllowed(_("You may not review this survey response."))


def _reviewed(response, actor, status, note=None):
    response.status = status
    response.reviewed_by = _user(actor)
    response.reviewed_at = timezone.now()
    if note:
        response.review_note = note
    response.save()
    _advance_assignment(response.assignment, AssignmentStatus.DONE)


@transaction.atomic
def mark_reviewed(response, *, actor, note=""):
    """The officer has read the response and accepts it (nothing written to the registry yet)."""
    _check_editable(response, actor)
    if response.status != ResponseStatus.RECEIVED:
        raise ValidationError(_("Only a newly received response can be marked as reviewed."))
    with audit.acting_as(actor, reason="survey reviewed"):
        _reviewed(response, actor, ResponseStatus.REVIEWED, note)
    return response


def _location(response):
    values = {}
    if response.latitude is not None and response.longitude is not None:
        values = {"latitude": response.latitude, "longitude": response.longitude}
    return values


@transaction.atomic
def merge_into_registry(response, *, actor, link_to=None, allow_duplicate=False):
    """Write the response's answers to the registry.

    - A response about a registered establishment updates it, unless the establishment changed since the
      phone read it: then the response becomes a conflict (`resolve_conflict`).
    - A response about a new establishment registers it; a same-name establishment in the same commune
      raises `facilities.services.DuplicateFacility` unless the officer links to it (`link_to`) or says it
      is a different one (`allow_duplicate`).
    """
    _check_editable(response, actor)
    if response.status not in (ResponseStatus.RECEIVED, ResponseStatus.REVIEWED):
        raise ValidationError(_("This response is already merged or waits for a conflict to be resolved."))
    values = response.facility_values
    target = response.facility or link_to
    if target is None:
        values.setdefault("kind", "household")
        if not values.get("name"):
            raise ValidationError(_("The response has no establishment name to register."))
        facility = register_facility(
            actor=actor,
            allow_duplicate=allow_duplicate,
            province=response.province,
            commune=response.commune,
            **values,
            **_location(response),
        )
    else:
        if not Facility.objects.editable_by(actor).filter(pk=target.pk).exists():
            raise NotAllowed(_("You may not change this establishment."))
        if (
            response.facility_id
            and response.base_version is not None
            and audit.latest_history_id(target) > response.base_version
        ):
            with audit.acting_as(actor, reason="survey conflict"):
                response.status = ResponseStatus.CONFLICT
                response.save()
            return response
        facility = _apply(target, {**values, **_location(response)}, actor)
    with audit.acting_as(actor, reason="survey merged"):
        response.facility = facility
        response.base_version = audit.latest_history_id(facility)
        _reviewed(response, actor, ResponseStatus.MERGED)
    return response


def _apply(facility, values, actor):
    changed = False
    for field, value in values.items():
        if getattr(facility, field) != value:
            setattr(facility, field, value)
            changed = True
    if changed:
        with audit.acting_as(actor, reason="survey merged"):
            facility.full_clean()
            facility.save()
    return facility


CONFLICT_FIELDS = ["latitude", "longitude"]


def conflict_rows(response):
    """For each registry field the response fills: the value when surveyed, now, and in the survey."""
    facility = response.facility
    if facility is None:
        return []
    base = None
    if response.base_version is not None:
        base = facility.history.filter(history_id__lte=response.base_version).order_by("-history_id").first()
    survey = {**response.facility_values, **_location(response)}
    rows = []
    for field, value in survey.items():
        current = getattr(facility, field)
        surveyed = getattr(base, field) if base is not None else None
        rows.append(
            {
                "field": field,
                "label": Facility._meta.get_field(field).verbose_name,
                "surveyed": surveyed,
                "current": current,
                "survey": value,
                "changed_since": base is not None and _differs(surveyed, current),
                "differs": _differs(current, value),
            }
        )
    return rows


def _differs(a, b):
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        try:
            return Decimal(str(a)) != Decimal(str(b))
        except (InvalidOperation, TypeError):
            return a != b
    return a != b


@transaction.atomic
def resolve_conflict(response, *, actor, choices):
    """Apply the officer's pick per field ("survey" or "registry") and mark the response merged."""
    _check_editable(response, actor)
    if response.status != ResponseStatus.CONFLICT or response.facility is None:
        raise ValidationError(_("This response has no conflict to resolve."))
    facility = response.facility
    if not Facility.objects.editable_by(actor).filter(pk=facility.pk).exists():
        raise NotAllowed(_("You may not change this establishment."))
    survey = {**response.facility_values, **_location(response)}
    picked = {field: value for field, value in survey.items() if choices.get(field) == "survey"}
    _apply(facility, picked, actor)
    with audit.acting_as(actor, reason="survey conflict resolved"):
        response.base_version = audit.latest_history_id(facility)
        _reviewed(response, actor, ResponseStatus.MERGED)
    return response


def _million(value):
    try:
        return int((Decimal(str(value)) * 1_000_000).to_integral_value()) if value not in (None, "") else 0
    except InvalidOperation:
        return 0


def _project_code(year, response):
    from khuyencong.programs.models import Project

    base = f"KS-{year}-{response.pk:05d}"
    code, n = base, 1
    while Project.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


@transaction.atomic
def draft_project(response, *, actor, title="", plan_year=None, level=Level.LOCAL):
    """Turn the registered need of a merged response into a draft đề án, linked both ways:
    the response keeps `project`, the đề án names the establishment and the response in its note."""
    _check_editable(response, actor)
    if response.project_id:
        raise ValidationError(_("A đề án was already drafted from this response."))
    if response.status != ResponseStatus.MERGED or response.facility is None:
        raise ValidationError(_("Merge the response into the registry first."))
    answers = response.answers
    facility = response.facility
    support = dict((value, label) for value, label in SUPPORT_KINDS).get(answers.get("support_kind"))
    total = _million(answers.get("estimated_cost_million"))
    counterpart = min(_million(answers.get("counterpart_million")), total)
    year = plan_year or (clock.today().year + 1)
    objectives = "\n".join(
        part
        for part in (
            support,
            answers.get("equipment_wanted"),
            answers.get("products") and f"{answers['products']}",
        )
        if part
    )
    project = program_services.create_project(
        actor=actor,
        status=Status.DRAFT,
        beneficiaries=[facility],
        code=_project_code(year, response),
        title=(
            title
            or _("%(support)s for %(facility)s") % {"support": support or _("Support"), "facility": facility}
        )[:400],
        level=level,
        plan_year=year,
        province=facility.province,
        commune=facility.commune,
        objectives=objectives,
        total_cost_vnd=total,
        counterpart_vnd=counterpart,
        state_support_vnd=total - counterpart,
        note=_("Drafted from survey response %(id)s of %(date)s.")
        % {"id": response.client_uuid, "date": timezone.localtime(response.captured_at).strftime("%d/%m/%Y")},
    )
    with audit.acting_as(actor, reason="đề án drafted from survey"):
        response.project = project
        response.save()
    return project
