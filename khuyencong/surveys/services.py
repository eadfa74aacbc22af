"""Every write of the field network goes through here (web pages, API, phone sync, demo data).

- Collaborators and their communes; the collaborator's role assignment (the scoping grant) follows the
  communes assigned today (`sync_role`).
- Survey responses arrive idempotently by client id (`receive_response`); a response based on an older
  version of the establishment is a conflict, never applied silently.
- An officer reviews a response, merges it into the registry (duplicate check by folded name and
  commune), resolves conflicts field by field, and drafts a đề án from it in one step.
"""

import base64
import binascii
import uuid
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.choices import Role
from khuyencong.accounts.models import RoleAssignment
from khuyencong.core import audit
from khuyencong.core.scoping import COLLABORATOR, OutOfScope, access_scope, can_edit, can_view
from khuyencong.facilities.models import Facility
from khuyencong.facilities.services import register_facility
from khuyencong.geography.models import AdminUnit, Succession
from khuyencong.programs import services as program_services
from khuyencong.programs.choices import Level, Status

from . import definitions
from .choices import AssignmentStatus, ResponseStatus
from .models import Collaborator, CollaboratorCommune, ResponsePhoto, SurveyAssignment, SurveyResponse
from .reference import SUPPORT_KINDS

MAX_PHOTOS = 10
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_SIGNATURES = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


class NotAllowed(ValidationError):
    """The actor may not take this step on this record."""


# --- collaborators -------------------------------------------------------------------------------


@transaction.atomic
def sync_role(collaborator, *, actor=None):
    """Make the user's collaborator role assignment cover exactly the communes assigned today."""
    if collaborator.user_id is None:
        return None
    with audit.acting_as(actor, reason="collaborator communes"):
        assignment, _created = RoleAssignment.objects.get_or_create(
            user_id=collaborator.user_id, role=Role.COLLABORATOR
        )
        if assignment.valid_to != collaborator.active_to:
            assignment.valid_to = collaborator.active_to
            assignment.save()
        communes = list(collaborator.commune_assignments.active().values_list("commune_id", flat=True))
        if set(assignment.communes.values_list("id", flat=True)) != set(communes):
            assignment.communes.set(communes)
    return assignment


@transaction.atomic
def save_collaborator(form, *, actor):
    """Save a collaborator form, then bring the user's role assignment in line."""
    with audit.acting_as(actor, reason="collaborator"):
        collaborator = form.save()
    if actor is not None and not can_edit(actor, collaborator):
        raise OutOfScope
    sync_role(collaborator, actor=actor)
    return collaborator


@transaction.atomic
def assign_commune(collaborator, commune, *, actor, valid_from=None, valid_to=None, district=None):
    """Give a collaborator a commune from `valid_from` (today by default)."""
    if actor is not None and not can_edit(actor, collaborator):
        raise NotAllowed(_("You may not change this collaborator."))
    if commune.level != "commune":
        raise ValidationError(_("Pick a commune."))
    with audit.acting_as(actor, reason="collaborator commune"):
        row = CollaboratorCommune(
            collaborator=collaborator,
            commune=commune,
            district=district,
            valid_from=valid_from or date.today(),
            valid_to=valid_to,
        )
        row.full_clean()
        row.save()
    sync_role(collaborator, actor=actor)
    return row


@transaction.atomic
def end_commune(row, *, actor, valid_to=None):
    """Stop a commune assignment (kept, with its end date, for the coverage of past dates)."""
    if actor is not None and not can_edit(actor, row):
        raise NotAllowed(_("You may not change this collaborator."))
    with audit.acting_as(actor, reason="collaborator commune ended"):
        row.valid_to = max(valid_to or date.today(), row.valid_from)
        row.save()
    sync_role(row.collaborator, actor=actor)
    return row


def collaborator_of(user):
    return Collaborator.objects.filter(user=user).first() if user is not None and user.pk else None


# --- assignments ---------------------------------------------------------------------------------


@transaction.atomic
def create_assignment(*, actor, collaborator, facilities=(), **data):
    with audit.acting_as(actor, reason="survey assignment"):
        assignment = SurveyAssignment(collaborator=collaborator, assigned_by=_user(actor), **data)
        assignment.full_clean(exclude=["facilities", "province"])
        assignment.save()
        if facilities:
            assignment.facilities.set(facilities)
    if actor is not None and not can_edit(actor, assignment):
        raise OutOfScope
    return assignment


def _user(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _advance_assignment(assignment, status):
    if assignment is None or assignment.status in (AssignmentStatus.DONE, AssignmentStatus.CANCELLED):
        return
    if status == AssignmentStatus.SUBMITTED and assignment.status != AssignmentStatus.ASSIGNED:
        return
    assignment.status = status
    assignment.save(update_fields=["status", "updated_at"])


# --- receiving responses -------------------------------------------------------------------------


def decode_photo(data_url):
    """Bytes and extension of a photo sent as a data URL or base64 text; ValidationError otherwise."""
    if not isinstance(data_url, str):
        raise ValidationError(_("A photo must be sent as base64 text."))
    payload = data_url.split(",", 1)[1] if data_url.startswith("data:") else data_url
    try:
        content = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(_("The photo is not valid base64.")) from None
    return check_photo(content)


def check_photo(content):
    if len(content) > MAX_PHOTO_BYTES:
        raise ValidationError(_("A photo is larger than 5 MB."))
    for signature, extension in PHOTO_SIGNATURES.items():
        if content.startswith(signature):
            return content, extension
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return content, "webp"
    raise ValidationError(_("A photo must be a JPEG, PNG or WebP image."))


def _only_collaborator(actor):
    roles = access_scope(actor).roles()
    return not access_scope(actor).superuser and roles == {COLLABORATOR}


def _collaborator_communes(actor):
    ids = set()
    for grant in access_scope(actor).grants:
        if grant.role == COLLABORATOR:
            ids |= grant.communes
    return ids


@transaction.atomic
def receive_response(
    *,
    actor,
    client_uuid,
    form,
    answers,
    captured_at=None,
    assignment=None,
    facility=None,
    base_version=None,
    commune=None,
    latitude=None,
    longitude=None,
    accuracy_m=None,
    photos=(),
):
    """Store one survey sent from a phone. Returns (response, created).

    Sending the same `client_uuid` again returns the stored response unchanged (created=False), so a
    phone that lost the answer of its first attempt can safely resend. `photos` are (field, bytes) pairs.
    """
    client_uuid = uuid.UUID(str(client_uuid))
    existing = SurveyResponse.objects.filter(client_uuid=client_uuid).first()
    if existing is not None:
        return _existing(existing, actor), False
    if (
        assignment is not None
        and not SurveyAssignment.objects.visible_to(actor).filter(pk=assignment.pk).exists()
    ):
        raise NotAllowed(_("This assignment is not yours."))
    if facility is not None and not Facility.objects.visible_to(actor).filter(pk=facility.pk).exists():
        raise NotAllowed(_("You may not survey this establishment."))
    if not form.is_active and not (assignment is not None and assignment.form_id == form.pk):
        raise ValidationError({"form": _("This form is no longer in use.")})
    if commune is None:
        commune = facility.commune if facility is not None else (assignment.commune if assignment else None)
    if commune is not None and commune.level != "commune":
        raise ValidationError({"commune": _("Pick a commune.")})
    outside = commune is not None and commune.pk not in _collaborator_communes(actor)
    if _only_collaborator(actor) and facility is None and outside:
        raise NotAllowed(_("This commune is not assigned to you."))
    collaborator = collaborator_of(actor) or (assignment.collaborator if assignment else None)
    province = _province_for(facility, commune, assignment, collaborator)
    if province is None:
        raise ValidationError({"commune": _("Say which commune or establishment was surveyed.")})
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(n)s photos.") % {"n": MAX_PHOTOS}})
    checked = [(field, *check_photo(content)) for field, content in photos]
    cleaned, errors = definitions.clean_answers(
        form.definition, answers, {field for field, *_rest in checked}
    )
    if errors:
        raise ValidationError(errors)
    status = ResponseStatus.RECEIVED
    base_modified = None
    if facility is not None and base_version is not None:
        record = facility.history.filter(history_id__lte=base_version).order_by("-history_id").first()
        base_modified = record.history_date if record is not None else None
        if audit.latest_history_id(facility) > base_version:
            status = ResponseStatus.CONFLICT
    try:
        with transaction.atomic(), audit.acting_as(actor, reason="survey received"):
            response = SurveyResponse.objects.create(
                client_uuid=client_uuid,
                form=form,
                assignment=assignment,
                collaborator=collaborator,
                submitted_by=_user(actor),
                facility=facility,
                base_version=base_version if facility is not None else None,
                base_modified=base_modified,
                province=province,
                commune=commune,
                answers=cleaned,
                latitude=_coordinate(latitude, 90),
                longitude=_coordinate(longitude, 180),
                accuracy_m=_accuracy(accuracy_m),
                captured_at=captured_at or timezone.now(),
                status=status,
            )
    except IntegrityError:
        # The same submission arrived twice at once: the other request stored it.
        existing = SurveyResponse.objects.filter(client_uuid=client_uuid).first()
        if existing is None:
            raise
        return _existing(existing, actor), False
    with audit.acting_as(actor, reason="survey received"):
        for number, (field, content, extension) in enumerate(checked, start=1):
            photo = ResponsePhoto(response=response, field=str(field or "")[:60])
            photo.image.save(f"{client_uuid}-{number}.{extension}", ContentFile(content), save=False)
            photo.save()
        _advance_assignment(assignment, AssignmentStatus.SUBMITTED)
    if actor is not None and not can_view(actor, response):
        raise OutOfScope
    return response, True


def _existing(response, actor):
    if actor is not None and not can_view(actor, response):
        raise NotAllowed(_("This submission id is already used."))
    return response


def _coordinate(value, limit):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise ValidationError(_("The GPS position is not a number.")) from None
    if not number.is_finite() or abs(number) > limit:
        raise ValidationError(_("The GPS position is out of range."))
    return number


def _accuracy(value):
    if value in (None, ""):
        return None
    try:
        return max(0, min(int(float(value)), 2_000_000_000))
    except (TypeError, ValueError, OverflowError):
        return None


def _province_for(facility, commune, assignment, collaborator):
    if facility is not None:
        return facility.province
    if commune is not None:
        return commune.province
    if assignment is not None:
        return assignment.province
    return collaborator.province if collaborator is not None else None


# --- review --------------------------------------------------------------------------------------


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
    year = plan_year or (date.today().year + 1)
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


# --- coverage ------------------------------------------------------------------------------------


def _predecessor_map(unit_ids):
    """{unit id: set of itself and every unit it absorbed}, in a few queries for a whole province."""
    mapping = {unit_id: {unit_id} for unit_id in unit_ids}
    owner = {unit_id: unit_id for unit_id in unit_ids}
    frontier = set(unit_ids)
    while frontier:
        links = list(
            Succession.objects.filter(successor_id__in=frontier).values_list("predecessor_id", "successor_id")
        )
        frontier = set()
        for predecessor, successor in links:
            root = owner[successor]
            if predecessor not in mapping[root]:
                mapping[root].add(predecessor)
                owner.setdefault(predecessor, root)
                frontier.add(predecessor)
    return mapping


def coverage(province, *, user, day=None):
    """Per commune of `province` (units valid on `day`): collaborators serving it, establishments,
    survey responses and the last survey date; plus per collaborator: communes, establishments, surveys.

    Records placed in former communes (before 1/7/2025) count in the commune that absorbed them. Every
    count goes through the user's scope."""
    day = day or date.today()
    communes = list(AdminUnit.objects.communes().valid_on(day).filter(province=province).order_by("name"))
    mapping = _predecessor_map([c.pk for c in communes])
    root_of = {old: root for root, olds in mapping.items() for old in olds}
    all_ids = list(root_of)

    serving = {}
    commune_rows = (
        CollaboratorCommune.objects.visible_to(user)
        .active(day)
        .filter(commune_id__in=all_ids, collaborator__active_from__lte=day)
        .select_related("collaborator")
    )
    for row in commune_rows:
        if row.collaborator.is_active_on(day):
            serving.setdefault(root_of[row.commune_id], {})[row.collaborator_id] = row.collaborator
    facilities = _count_by(Facility.objects.visible_to(user).filter(commune_id__in=all_ids), root_of)
    responses = SurveyResponse.objects.visible_to(user).filter(commune_id__in=all_ids)
    surveys, last = {}, {}
    for row in responses.values("commune_id").annotate(n=Count("id"), last=Max("captured_at")):
        root = root_of[row["commune_id"]]
        surveys[root] = surveys.get(root, 0) + row["n"]
        last[root] = max(filter(None, (last.get(root), row["last"])))

    rows = [
        {
            "commune": commune,
            "collaborators": sorted(serving.get(commune.pk, {}).values(), key=lambda c: c.full_name),
            "facilities": facilities.get(commune.pk, 0),
            "surveys": surveys.get(commune.pk, 0),
            "last_survey": last.get(commune.pk),
        }
        for commune in communes
    ]
    per_collaborator = {}
    for row in rows:
        for collaborator in row["collaborators"]:
            entry = per_collaborator.setdefault(
                collaborator.pk,
                {
                    "collaborator": collaborator,
                    "communes": [],
                    "facilities": 0,
                    "surveys": 0,
                    "last_survey": None,
                },
            )
            entry["communes"].append(row["commune"])
            entry["facilities"] += row["facilities"]
    by_collaborator = (
        SurveyResponse.objects.visible_to(user)
        .filter(collaborator_id__in=list(per_collaborator))
        .values("collaborator_id")
        .annotate(n=Count("id"), last=Max("captured_at"))
    )
    for row in by_collaborator:
        per_collaborator[row["collaborator_id"]].update(surveys=row["n"], last_survey=row["last"])
    covered = sum(1 for row in rows if row["collaborators"])
    return {
        "province": province,
        "day": day,
        "rows": rows,
        "collaborators": sorted(per_collaborator.values(), key=lambda e: e["collaborator"].full_name),
        "communes_total": len(rows),
        "communes_covered": covered,
        "communes_uncovered": len(rows) - covered,
    }


def _count_by(queryset, root_of):
    counts = {}
    for row in queryset.values("commune_id").annotate(n=Count("id")):
        root = root_of[row["commune_id"]]
        counts[root] = counts.get(root, 0) + row["n"]
    return counts
