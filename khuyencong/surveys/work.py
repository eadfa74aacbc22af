""" "My work" of the field network (core.work provider): a collaborator's new survey, assignments and sent
surveys; the officers' survey responses to review."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.core.work import ACTION, OVERDUE, WAITING, WorkEntry

from .choices import AssignmentStatus
from .models import SurveyAssignment, SurveyResponse
from .views.base import is_collaborator_only, takes_part_in_surveys


def entries(user, today):
    if not takes_part_in_surveys(user):
        return []
    if is_collaborator_only(user):
        return _collaborator(user, today)
    to_review = SurveyResponse.objects.editable_by(user).open().count()
    return [
        WorkEntry(
            "surveys:responses-to-review",
            _("Survey responses to review"),
            to_review,
            reverse("surveys:response-list") + "?status=received",
            WAITING,
            order=40,
        )
    ]


def _collaborator(user, today):
    mine = SurveyAssignment.objects.visible_to(user).owned_by(user).filter(status=AssignmentStatus.ASSIGNED)
    counts = mine.aggregate(all=Count("pk"), late=Count("pk", filter=Q(due_date__lt=today)))
    sent = SurveyResponse.objects.visible_to(user).owned_by(user).open().count()
    home = reverse("surveys:home")
    return [
        WorkEntry("surveys:new", _("New survey"), None, reverse("surveys:collect"), ACTION, order=0),
        WorkEntry("surveys:my-assignments", _("My survey assignments"), None, home, ACTION, order=1),
        WorkEntry(
            "surveys:assignments-overdue",
            _("Survey assignments past their date"),
            counts["late"],
            home,
            OVERDUE,
            order=10,
        ),
        WorkEntry(
            "surveys:assignments",
            _("Survey assignments to do"),
            counts["all"] - counts["late"],
            home,
            WAITING,
            order=10,
        ),
        WorkEntry("surveys:sent", _("Surveys sent, waiting for review"), sent, home, WAITING, order=20),
    ]
