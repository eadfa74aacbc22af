"""Đề án whose planned end is near or past while still running (deadlines.due provider)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.deadlines.due import DueItem

from .choices import OPEN_STATES
from .models import Project


def items(user, today, until):
    projects = (
        Project.objects.editable_by(user)
        .filter(status__in=OPEN_STATES, end_date__isnull=False, end_date__lte=until)
        .select_related("executing_unit")
        .order_by("end_date")[:200]
    )
    for project in projects:
        yield DueItem(
            key=f"project:{project.pk}:end",
            title=f"{project.code} – {project.title}",
            due=project.end_date,
            url=reverse("programs:project-detail", args=[project.pk]),
            kind=_("Đề án to finish"),
            organisation=str(project.executing_unit or ""),
        )
