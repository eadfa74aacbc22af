"""Rural industrial establishments (cơ sở công nghiệp nông thôn): the beneficiaries of khuyến công."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.core import audit
from khuyencong.core.fields import latitude_field, longitude_field
from khuyencong.core.models import TimeStampedModel
from khuyencong.core.scoping import ScopedModel
from khuyencong.core.text import fold, nfc

from .choices import AwardLevel, FacilityKind


class Facility(ScopedModel, TimeStampedModel):
    """A rural industrial establishment, located in the commune valid when it was registered.

    `name_key` (the diacritic-free name) with the commune is the duplicate-detection key; see
    `services.find_duplicates`. Its support history is the đề án that name it as a beneficiary.
    """

    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=30, choices=FacilityKind)
    tax_code = models.CharField(_("tax code"), max_length=20, blank=True)
    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province"},
        verbose_name=_("province"),
    )
    commune = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "commune"},
        verbose_name=_("commune"),
        help_text=_("The commune as it was when the establishment was registered"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    industry = models.CharField(_("industry"), max_length=200, blank=True)
    products = models.TextField(_("products"), blank=True)
    workers = models.PositiveIntegerField(_("workers"), default=0)
    woman_owned = models.BooleanField(_("owned by a woman"), default=False)
    employs_ethnic_minorities = models.BooleanField(_("employs ethnic minorities"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    note = models.TextField(_("note"), blank=True)
    # An establishment a đề án sheet named in passing (no establishment sheet, not in the registry) is
    # registered by the import with what the row says: the file it came from, and "to complete" until an
    # officer fills in the rest (tax code, address, workers…).
    registered_by_import = models.CharField(
        _("registered by the import of"), max_length=255, blank=True, editable=False
    )
    to_complete = models.BooleanField(
        _("to complete"),
        default=False,
        help_text=_("Registered by an import from a đề án's beneficiary cell; details missing"),
    )
    name_key = models.CharField(max_length=250, editable=False, db_index=True, default="")
    search_text = models.CharField(max_length=600, editable=False, db_index=True, default="")

    history = audit.HistoricalRecords()

    scope_paths = {"province": "province_id", "commune": "commune_id"}

    class Meta:
        verbose_name = _("rural industrial establishment")
        verbose_name_plural = _("rural industrial establishments")
        ordering = ["name", "id"]
        indexes = [
            # duplicate detection: same folded name in the same commune
            models.Index(fields=["name_key", "commune"], name="facilities_name_commune_idx"),
            # the list page, its export and the API list: ORDER BY name, id LIMIT 50 (Meta.ordering) reads
            # the first rows of this index instead of sorting 100,000 rows (docs/performance.md)
            models.Index(fields=["name", "id"], name="facilities_list_order_idx"),
            # the same list filtered by kind (?kind=cooperative): names go with the kind ("Hộ …", "HTX …"),
            # so walking the name index alone would read most of the table to find 50 rows of one kind
            models.Index(fields=["kind", "name", "id"], name="facilities_kind_order_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def has_priority(self):
        """Priority under ND 235/2025: owned by a woman or employing ethnic minorities."""
        return self.woman_owned or self.employs_ethnic_minorities

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.name_key = fold(self.name)
        self.search_text = " | ".join(
            part
            for part in (self.name_key, fold(self.tax_code), fold(self.industry), fold(self.products))
            if part
        )[:600]
        super().save(*args, **kwargs)


class ProductAward(ScopedModel, TimeStampedModel):
    """A typical rural industrial product award (sản phẩm CNNT tiêu biểu) by level and year."""

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="awards", verbose_name=_("establishment")
    )
    product = models.CharField(_("product"), max_length=250)
    level = models.CharField(_("level"), max_length=12, choices=AwardLevel)
    year = models.PositiveSmallIntegerField(_("year"))
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)

    history = audit.HistoricalRecords()

    scope_paths = {"province": "facility__province_id", "commune": "facility__commune_id"}

    class Meta:
        verbose_name = _("typical product award")
        verbose_name_plural = _("typical product awards")
        ordering = ["-year", "level"]

    def __str__(self):
        return f"{self.product} ({self.get_level_display()} {self.year})"
