"""The home's figures of the clusters in the user's scope (core.work provider)."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.core.formatting import vn_area, vn_number
from khuyencong.core.work import Figure

from .models import Cluster


def figures(user):
    totals = Cluster.objects.visible_to(user).aggregate(
        count=Count("pk"),
        planned=Count("pk", filter=Q(planned_area_ha__isnull=False)),
        area=Sum("planned_area_ha"),
    )
    if not totals["count"]:
        return []
    url = reverse("clusters:list")
    return [
        Figure("clusters:count", _("Industrial clusters"), vn_number(totals["count"]), url, order=10),
        Figure(
            "clusters:planned-area",
            _("Planned area of the clusters"),
            vn_area(totals["area"] or 0, 2),
            url,
            order=11,
        ),
    ]
