"""Collaborators and their communes; the collaborator's role assignment (the scoping grant) follows the
communes assigned today (`sync_role`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khuyencong.accounts.choices import Role
from khuyencong.accounts.models import RoleAssignment
from khuyencong.core import audit, clock
from khuyencong.core.scoping import OutOfScope, can_edit

from ..models import Collaborator, CollaboratorCommune
from .base import NotAllowed


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
            valid_from=valid_from or clock.today(),
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
        row.valid_to = max(valid_to or clock.today(), row.valid_from)
        row.save()
    sync_role(row.collaborator, actor=actor)
    return row


def collaborator_of(user):
    return Collaborator.objects.filter(user=user).first() if user is not None and user.pk else None
