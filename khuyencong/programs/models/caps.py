"""Provincial support caps (set by HĐND resolutions) and recorded exceptions to a cap (DOMAIN §3.4)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khuyencong.core import audit
from khuyencong.core.formatting import vn_date
from khuyencong.core.models import TimeStampedModel
from khuyencong.core.scoping import ScopedModel, ScopedQuerySet

from ..choices import Level, SupportContent
from .projects import Project
from .reference import ContentCategory, SupportCapQuerySet, content_matches


class ProvincialSupportCapQuerySet(ScopedQuerySet):
    """The scoping layer's `visible_to` / `editable_by`, plus `valid_on(day)` as for the national caps."""

    valid_on = SupportCapQuerySet.valid_on


class ProvincialSupportCap(ScopedModel, TimeStampedModel):
    """A province's own ceiling on local (KCĐP) state support, set by a resolution of its HĐND.

    Binds the province's local đề án of its category and support content between `valid_from` and
    `valid_to`; the resolution (number, date, issuing body) is its legal source. Edited by the
    province's officers (scope) and administrators; every change is kept in history.
    """

    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province"},
        verbose_name=_("province"),
    )
    category = models.ForeignKey(
        ContentCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("content category"),
        help_text=_("Empty: every category"),
    )
    content = models.CharField(
        _("support content"),
        max_length=30,
        choices=SupportContent,
        blank=True,
        default="",
        help_text=_("Empty: every support content of the category"),
    )
    description = models.CharField(_("description"), max_length=300)
    max_share_percent = models.DecimalField(
        _("maximum share of the total cost (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    max_amount_vnd = models.PositiveBigIntegerField(_("maximum amount (VND)"), null=True, blank=True)
    per_beneficiary = models.BooleanField(_("amount per beneficiary"), default=False)
    resolution_number = models.CharField(
        _("resolution number"), max_length=60, help_text=_("e.g. 23/2025/NQ-HĐND")
    )
    resolution_date = models.DateField(_("resolution date"))
    issuing_body = models.CharField(
        _("issued by"), max_length=200, default="HĐND tỉnh", help_text=_("e.g. HĐND tỉnh Lâm Đồng")
    )
    article = models.CharField(_("article"), max_length=100, blank=True, help_text=_("e.g. Điều 3 khoản 2"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = audit.HistoricalRecords()

    objects = ProvincialSupportCapQuerySet.as_manager()
    scope_paths = {"province": "province_id"}

    class Meta:
        verbose_name = _("provincial support cap")
        verbose_name_plural = _("provincial support caps")
        ordering = ["province__name", "-valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="programs_provincialsupportcap_dates",
                violation_error_message=_("“Valid to” must not be before “valid from”."),
            ),
            models.CheckConstraint(
                condition=Q(max_share_percent__isnull=False) | Q(max_amount_vnd__isnull=False),
                name="programs_provincialsupportcap_has_a_limit",
                violation_error_message=_("Give a maximum share, a maximum amount or both."),
            ),
        ]

    @classmethod
    def domain_errors(cls, actor, record, instance=None):
        errors = {}
        share = record["max_share_percent"]
        if share is not None and not 0 < share <= 100:
            errors["max_share_percent"] = [_("The maximum share is a percentage between 0 and 100.")]
        if record["max_share_percent"] is None and record["max_amount_vnd"] is None:
            errors["max_amount_vnd"] = [_("Give a maximum share, a maximum amount or both.")]
        if (
            record["resolution_date"]
            and record["valid_from"]
            and record["valid_from"] < record["resolution_date"]
        ):
            errors["valid_from"] = [_("A resolution cannot apply before it was adopted.")]
        return errors

    def __str__(self):
        return f"{self.description} ({self.legal_source})"

    @property
    def code(self):
        return f"NQ-{self.pk}"

    @property
    def legal_source(self):
        day = vn_date(self.resolution_date)
        source = f"Nghị quyết {self.resolution_number} ngày {day} của {self.issuing_body}"
        return f"{source}, {self.article}" if self.article else source

    @property
    def level(self):
        return Level.LOCAL

    default_for_category = False

    def applies_to(self, project, day):
        return (
            project.level == Level.LOCAL
            and self.province_id == project.province_id
            and (self.category_id is None or self.category_id == project.category_id)
            and content_matches(self, project)
            and self.valid_from <= day
            and (self.valid_to is None or day <= self.valid_to)
        )


class CapException(ScopedModel, TimeStampedModel):
    """The approver's recorded exception to a support cap: the đề án's support above the cap is approved
    on this legal basis (a decision, a Prime Minister's instruction…). One row per cap broken, per
    approval or adjustment; kept with its history, never edited."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="cap_exceptions", verbose_name=_("đề án")
    )
    version_number = models.PositiveSmallIntegerField(_("version"))
    step = models.CharField(_("step"), max_length=40)
    cap_code = models.CharField(_("cap"), max_length=60)
    cap_legal_source = models.CharField(_("legal source of the cap"), max_length=400)
    message = models.TextField(_("what exceeds the cap"))
    legal_basis = models.TextField(_("legal basis of the exception"))
    recorded_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = audit.HistoricalRecords()

    scope_paths = {"province": "project__province_id", "organisation": "project__executing_unit_id"}

    class Meta:
        verbose_name = _("cap exception")
        verbose_name_plural = _("cap exceptions")
        ordering = ["project", "recorded_at", "pk"]

    def __str__(self):
        return f"{self.project_id} v{self.version_number}: {self.cap_code}"
