"""Recommendations of inspections still open with a deadline (deadlines.due provider)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.deadlines.due import DueItem

from .models import OPEN_RECOMMENDATION_STATES, Recommendation


def items(user, today, until):
    recommendations = (
        Recommendation.objects.visible_to(user)
        .filter(status__in=OPEN_RECOMMENDATION_STATES, deadline__isnull=False, deadline__lte=until)
        .select_related("addressee")
        .order_by("deadline")[:200]
    )
    for recommendation in recommendations:
        yield DueItem(
            key=f"recommendation:{recommendation.pk}",
            title=recommendation.text[:200],
            due=recommendation.deadline,
            url=reverse("inspections:recommendation-detail", args=[recommendation.pk]),
            kind=_("Recommendation"),
            organisation=str(recommendation.addressee or recommendation.addressee_name or ""),
        )
