from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday")
    DAY_OFF = "day_off", _("Day off (moved or compensatory)")
    WORKDAY = "workday", _("Compensatory working day")


class Stage(models.TextChoices):
    """Which reminder of a due item was sent: ahead of the deadline, on the day, or after it passed."""

    AHEAD = "ahead", _("Due soon")
    DUE = "due", _("Due today")
    OVERDUE = "overdue", _("Overdue")
