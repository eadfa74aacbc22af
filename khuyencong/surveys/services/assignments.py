"""Survey assignments: created by an officer, advanced by the responses sent for them."""

from django.db import transaction

from khuyencong.core import audit
from khuyencong.core.scoping import OutOfScope, can_edit

from ..choices import AssignmentStatus
from ..models import SurveyAssignment
from .base import _user


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


def _advance_assignment(assignment, status):
    if assignment is None or assignment.status in (AssignmentStatus.DONE, AssignmentStatus.CANCELLED):
        return
    if status == AssignmentStatus.SUBMITTED and assignment.status != AssignmentStatus.ASSIGNED:
        return
    assignment.status = status
    assignment.save(update_fields=["status", "updated_at"])
