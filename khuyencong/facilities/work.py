"""The home's figures of the rural industrial establishments in the user's scope (core.work provider)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.core.formatting import vn_number
from khuyencong.core.work import Figure

from .models import Facility


def figures(user):
    count = Facility.objects.visible_to(user).count()
    if not count:
        return []
    return [
        Figure(
            "facilities:count",
            _("Beneficiary establishments"),
            vn_number(count),
            reverse("facilities:list"),
            order=30,
        )
    ]
