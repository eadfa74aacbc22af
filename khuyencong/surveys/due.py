"""Survey assignments not yet done (deadlines.due provider): a collaborator sees only their own."""

from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.deadlines.due import DueItem

from .choices import AssignmentStatus
from .models import SurveyAssignment


def items(user, today, until):
    assignments = (
        SurveyAssignment.objects.visible_to(user)
        .filter(status=AssignmentStatus.ASSIGNED, due_date__lte=until)
        .select_related("collaborator")
        .order_by("due_date")[:200]
    )
    for assignment in assignments:
        yield DueItem(
            key=f"assignment:{assignment.pk}",
            title=str(assignment),
            due=assignment.due_date,
            url=reverse("surveys:assignment-detail", args=[assignment.pk]),
            kind=_("Survey assignment"),
            organisation=str(assignment.collaborator),
        )
