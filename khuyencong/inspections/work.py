"""The home's "my work" from inspections (core.work provider): recommendations still open that the user
follows up (their province's), or that are addressed to their organisation (an investor's)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.core.scoping import INVESTOR, access_scope
from khuyencong.core.work import OVERDUE, WAITING, WorkEntry

from .choices import RecommendationStatus
from .models import Recommendation

TO_ANSWER = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)


def entries(user, today):
    organisations = {o for g in access_scope(user).grants if g.role == INVESTOR for o in g.organisations}
    if organisations:
        rows = Recommendation.objects.visible_to(user).filter(addressee_id__in=organisations)
    else:
        rows = Recommendation.objects.editable_by(user)
    counts = rows.filter(status__in=TO_ANSWER).aggregate(
        all=Count("pk"), late=Count("pk", filter=Q(deadline__lt=today))
    )
    url = reverse("inspections:recommendation-list")
    return [
        WorkEntry(
            "inspections:recommendations-overdue",
            _("Recommendations past their deadline"),
            counts["late"],
            url + "?overdue=true",
            OVERDUE,
            order=20,
        ),
        WorkEntry(
            "inspections:recommendations",
            _("Recommendations to answer"),
            counts["all"] - counts["late"],
            url,
            WAITING,
            order=20,
        ),
    ]
