"""Programmes (period, approving decision), annual plans (level, year, province, budget) and documents."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import OfficialDecision
from khuyencong.core import audit
from khuyencong.core.models import TimeStampedModel
from khuyencong.core.scoping import NO_SCOPE, ScopedModel, ScopedQuerySet, access_scope

from ..choices import DocumentKind, Level


class Document(ScopedModel, OfficialDecision):
    """A dated document behind a step: decision, letter, minutes, contract or report."""

    kind = models.CharField(
        _("kind of document"), max_length=12, choices=DocumentKind, default=DocumentKind.DECISION
    )
    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )

    history = audit.HistoricalRecords()

    scope_paths = {"province": "province_id"}

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "number"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference()}"


class NationalVisibleQuerySet(ScopedQuerySet):
    """National records (no province) are visible to every signed-in user with a role."""

    def visible_to(self, user):
        queryset = super().visible_to(user)
        scope = access_scope(user)
        if scope is NO_SCOPE or not (scope.grants or scope.superuser):
            return queryset
        return queryset | self.filter(province__isnull=True)


class Programme(ScopedModel, TimeStampedModel):
    """A national (KCQG) or local (KCĐP) khuyến công programme for a period, with its approving decision."""

    level = models.CharField(_("level"), max_length=10, choices=Level)
    name = models.CharField(_("name"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "province"},
        verbose_name=_("province"),
        help_text=_("Empty for the national programme"),
    )
    decision = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    note = models.TextField(_("note"), blank=True)

    history = audit.HistoricalRecords()

    objects = NationalVisibleQuerySet.as_manager()
    scope_paths = {"province": "province_id"}

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "level", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="programs_programme_years",
                violation_error_message=_("The last year must not be before the first year."),
            )
        ]

    def __str__(self):
        return f"{self.name} {self.start_year}–{self.end_year}"


class Plan(ScopedModel, TimeStampedModel):
    """An annual khuyến công plan of one level for one province (the unit valid that year)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="plans", verbose_name=_("programme")
    )
    level = models.CharField(_("level"), max_length=10, choices=Level)
    year = models.PositiveSmallIntegerField(_("year"))
    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province"},
        verbose_name=_("province"),
    )
    budget_vnd = models.PositiveBigIntegerField(_("budget assigned (VND)"), default=0)
    decision = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigning decision"),
    )
    note = models.TextField(_("note"), blank=True)

    history = audit.HistoricalRecords()

    scope_paths = {"province": "province_id"}

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["-year", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "year", "province"],
                name="programs_plan_unique_level_year_province",
                violation_error_message=_("This province already has a plan of this level for this year."),
            )
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.year} — {self.province.name}"
