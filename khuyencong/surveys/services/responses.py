"""Survey responses arrive idempotently by client id (`receive_response`); a response based on an older
version of the establishment is a conflict, never applied silently."""

import base64
import binascii
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core import audit
from khuyencong.core.scoping import COLLABORATOR, OutOfScope, access_scope, can_view
from khuyencong.facilities.models import Facility

from .. import definitions
from ..choices import AssignmentStatus, ResponseStatus
from ..models import ResponsePhoto, SurveyAssignment, SurveyResponse
from .assignments import _advance_assignment
from .base import NotAllowed, _user
from .collaborators import collaborator_of

MAX_PHOTOS = 10
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_SIGNATURES = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


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
