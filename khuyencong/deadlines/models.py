"""The working-day calendar and the record of reminders sent.

`DayOff` rows are reference data (reference_data/deadlines/days_off.json, loaded by `setup`, editable in the
admin): national public holidays, days off moved by the year's announcement, compensatory working days, and a
province's own extra days off (`province` set). `deadlines.calendar` reads them; nothing else decides what a
working day is.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.core import audit
from khuyencong.core.models import TimeStampedModel

from .choices import DayKind, Stage


class DayOff(TimeStampedModel):
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind, default=DayKind.HOLIDAY)
    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
        help_text=_("Empty for the whole country; set for a province's own extra day off."),
        limit_choices_to={"level": "province"},
    )
    legal_source = models.CharField(_("legal source"), max_length=300)
    verified = models.BooleanField(_("checked against the official announcement"), default=True)

    history = audit.HistoricalRecords()

    class Meta:
        verbose_name = _("day off or compensatory working day")
        verbose_name_plural = _("working-day calendar")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(province__isnull=True),
                name="deadlines_dayoff_national_once",
            ),
            models.UniqueConstraint(
                fields=["date", "province"],
                condition=models.Q(province__isnull=False),
                name="deadlines_dayoff_province_once",
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.name}"


class ReminderPreference(TimeStampedModel):
    """A user's choice about e-mail reminders (no row: reminders on, the default lead time)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_preference",
        verbose_name=_("user"),
    )
    email_reminders = models.BooleanField(_("send me e-mail reminders"), default=True)
    lead_days = models.PositiveSmallIntegerField(
        _("remind me this many days ahead"), default=7, help_text=_("Between 1 and 60 days.")
    )

    history = audit.HistoricalRecords()

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self):
        return str(self.user)


class ReminderSent(models.Model):
    """One reminder e-mailed to a user about one due item at one stage; the unique key stops duplicates."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    item_key = models.CharField(_("item"), max_length=80)
    due = models.DateField(_("due"))
    stage = models.CharField(_("stage"), max_length=10, choices=Stage)
    title = models.CharField(_("title"), max_length=300)
    email = models.EmailField(_("sent to"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "item_key", "due", "stage"], name="deadlines_remindersent_once"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.title} · {self.get_stage_display()}"
