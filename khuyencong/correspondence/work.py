"""The home's "my work" from official letters (core.work provider): incoming letters still to answer."""

from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.core.work import WAITING, WorkEntry

from .models import Correspondence


def entries(user, today):
    count = Correspondence.objects.editable_by(user).unanswered().count()
    url = reverse("correspondence:list")
    return [WorkEntry("correspondence:unanswered", _("Letters waiting for a reply"), count, url, WAITING, 60)]
