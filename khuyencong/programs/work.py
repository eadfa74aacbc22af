"""The home's figures of the đề án in the user's scope (core.work provider)."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.core.formatting import million, vn_number
from khuyencong.core.work import Figure

from .choices import OPEN_STATES
from .models import Project


def figures(user):
    totals = Project.objects.visible_to(user).aggregate(
        count=Count("pk"),
        running=Count("pk", filter=Q(status__in=OPEN_STATES)),
        support=Sum("state_support_vnd", filter=Q(status__in=OPEN_STATES)),
    )
    if not totals["count"]:
        return []
    url = reverse("programs:project-list")
    return [
        Figure("programs:count", _("Promotion projects (đề án)"), vn_number(totals["count"]), url, order=20),
        Figure("programs:running", _("Đề án running"), vn_number(totals["running"]), url, order=21),
        Figure(
            "programs:support",
            _("State support of running đề án"),
            million(totals["support"] or 0),
            url,
            order=22,
        ),
    ]
