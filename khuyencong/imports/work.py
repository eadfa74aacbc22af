"""The home's "my work" from background jobs (core.work provider): the user's imports that were checked and
wait for their confirmation."""

from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.core.work import WAITING, WorkEntry

from .choices import JobKind, JobStatus
from .models import Job


def entries(user, today):
    count = Job.objects.visible_to(user).filter(kind=JobKind.IMPORT, status=JobStatus.PREVIEWED).count()
    url = reverse("imports:jobs")
    return [WorkEntry("imports:waiting", _("Imports waiting for your confirmation"), count, url, WAITING, 30)]
