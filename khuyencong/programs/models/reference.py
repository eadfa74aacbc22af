"""Versioned reference data: content categories (DOMAIN §3.3) and support caps (§3.4).

Loaded from `khuyencong/reference_data/programs/*.json` by `programs.reference.load()`; each row carries
its effective dates and legal source, so a rule that changes by date is data, not code.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khuyencong.core import audit
from khuyencong.core.models import TimeStampedModel

from ..choices import Level, SupportContent


class ContentCategory(TimeStampedModel):
    """A content category of khuyến công activity, valid between two dates."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=300)
    legal_source = models.CharField(_("legal source"), max_length=300, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    history = audit.HistoricalRecords()

    class Meta:
        verbose_name = _("content category")
        verbose_name_plural = _("content categories")
        ordering = ["number", "code"]

    def __str__(self):
        return f"{self.number}. {self.name}"


class SupportCapQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class SupportCap(TimeStampedModel):
    """A ceiling on state support: a share of the total cost and/or an amount, by level, category and date.

    Empty level / category / province mean "any". A đề án breaking any cap that applies on its reference
    date is flagged with the rule (`code`, `legal_source`).
    """

    code = models.CharField(_("code"), max_length=60, unique=True)
    description = models.CharField(_("description"), max_length=300)
    level = models.CharField(_("level"), max_length=10, choices=Level, blank=True)
    category = models.ForeignKey(
        ContentCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caps",
        verbose_name=_("content category"),
    )
    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    content = models.CharField(
        _("support content"), max_length=30, choices=SupportContent, blank=True, default=""
    )
    default_for_category = models.BooleanField(
        _("applies when the support content is not given"),
        default=False,
        help_text=_("The category's main content: a đề án of the category without a support content"),
    )
    per_beneficiary = models.BooleanField(_("amount per beneficiary"), default=False)
    max_share_percent = models.DecimalField(
        _("maximum share of the total cost (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    max_amount_vnd = models.PositiveBigIntegerField(_("maximum amount (VND)"), null=True, blank=True)
    legal_source = models.CharField(_("legal source"), max_length=300)
    source_note = models.CharField(
        _("note on the source"),
        max_length=400,
        blank=True,
        help_text=_("Where the figure was read; unverified"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    history = audit.HistoricalRecords()

    objects = SupportCapQuerySet.as_manager()

    class Meta:
        verbose_name = _("support cap")
        verbose_name_plural = _("support caps")
        ordering = ["code"]

    def __str__(self):
        return f"{self.description} ({self.legal_source})"

    def applies_to(self, project, day):
        return (
            (not self.level or self.level == project.level)
            and (self.category_id is None or self.category_id == project.category_id)
            and (self.province_id is None or self.province_id == project.province_id)
            and content_matches(self, project)
            and self.valid_from <= day
            and (self.valid_to is None or day <= self.valid_to)
        )


def content_matches(cap, project):
    """A cap of one support content binds a đề án of that content; the category's main content's cap also
    binds a đề án of the category whose content is not given; a cap without content binds all."""
    if not cap.content:
        return True
    chosen = getattr(project, "support_content", "") or ""
    return cap.content == chosen or (not chosen and cap.default_for_category)
