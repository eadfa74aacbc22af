from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from khuyencong.core.text import fold, nfc

from .choices import Level, Scheme, UnitType
from .querysets import AdminUnitQuerySet


class AdminUnit(models.Model):
    """An administrative unit (province, district or commune) as it was valid between two dates.

    Rows are loaded from the maintained `vietnam-provinces` package by `khuyencong geo load`, never
    typed by hand. `code` is the official GSO code, zero-padded, and only unique within its
    (`scheme`, `level`): the 2025 codes reuse numbers of the legacy list. Records elsewhere keep the
    unit valid when their event happened; `Succession` links lead to today's units.
    """

    scheme = models.CharField(_("code scheme"), max_length=8, choices=Scheme)
    level = models.CharField(_("level"), max_length=10, choices=Level)
    code = models.CharField(_("code"), max_length=5)
    name = models.CharField(_("name"), max_length=100, help_text=_("Short name, e.g. Đắk Nông"))
    full_name = models.CharField(_("full name"), max_length=120, help_text=_("e.g. Tỉnh Đắk Nông"))
    unit_type = models.CharField(_("unit type"), max_length=24, choices=UnitType)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    province = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
        help_text=_("The province this unit belongs to (itself for a province)"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    search_text = models.CharField(max_length=240, editable=False, db_index=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["scheme", "level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "level", "code"], name="geography_adminunit_unique_scheme_level_code"
            ),
        ]
        indexes = [
            # province pickers and `geo provinces --date`
            models.Index(fields=["level", "valid_from", "valid_to"], name="geo_unit_level_validity_idx"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.full_name = nfc(self.full_name)
        self.search_text = self.build_search_text(self.name, self.full_name)
        super().save(*args, **kwargs)

    @staticmethod
    def build_search_text(name, full_name):
        return f"{fold(name)} | {fold(full_name)}"

    @property
    def is_current(self):
        return self.valid_to is None

    def successors(self):
        return AdminUnit.objects.filter(predecessor_links__predecessor=self).order_by("code")

    def predecessors(self):
        return AdminUnit.objects.filter(successor_links__successor=self).order_by("scheme", "code")

    def current_units(self):
        """Today's unit(s) this one became, following successor links transitively."""
        return AdminUnit.current_units_of([self])[self.pk]

    @staticmethod
    def current_units_of(units):
        """{id: today's units it became, by code} for every unit of `units`: one recursive query along the
        successor links (stopping at units still valid) and one for the units found, whatever their number
        (a report listing the communes of many clusters asked once per commune)."""
        found = {unit.pk: [unit] for unit in units if unit.is_current}
        seeds = [unit.pk for unit in units if not unit.is_current]
        if not seeds:
            return found
        pairs = AdminUnit._reached(seeds, towards_successors=True)
        current = AdminUnit.objects.in_bulk({pk for _seed, pk in pairs})
        for seed in seeds:
            found[seed] = []
        for seed, pk in pairs:
            found[seed].append(current[pk])
        for seed in seeds:
            found[seed].sort(key=lambda unit: unit.code)
        return found

    @staticmethod
    def succession_walk(seeds_sql, *, towards_successors):
        """(common table expression, final SELECT) of the recursive walk `reached(seed, id)` from the units
        whose ids `seeds_sql` gives (placeholders, or a subquery) along the succession links, transitively:
        towards successors (not walking past a unit still valid, and keeping only those) or towards
        predecessors. SQLite and PostgreSQL; UNION (not UNION ALL) stops at cycles; the first term selects
        from the succession table so that its columns have their type (bigint) on PostgreSQL."""
        links = connection.ops.quote_name(Succession._meta.db_table)
        units = connection.ops.quote_name(AdminUnit._meta.db_table)
        start, step = (
            ("predecessor_id", "successor_id") if towards_successors else ("successor_id", "predecessor_id")
        )
        walk = f"SELECT r.seed, s.{step} FROM {links} s JOIN reached r ON s.{start} = r.id"
        result = "SELECT seed, id FROM reached"
        if towards_successors:
            walk += f" JOIN {units} u ON u.id = r.id WHERE u.valid_to IS NOT NULL"
            result = (
                f"SELECT r.seed, r.id FROM reached r JOIN {units} u ON u.id = r.id WHERE u.valid_to IS NULL"
            )
        first = f"SELECT {start}, {step} FROM {links} WHERE {start} IN ({seeds_sql})"
        return f"reached(seed, id) AS ({first} UNION {walk})", result

    @staticmethod
    def _reached(seeds, *, towards_successors):
        """(seed, id) of every unit the walk (`succession_walk`) reaches from the ids `seeds`: one query."""
        cte, result = AdminUnit.succession_walk(
            ", ".join(["%s"] * len(seeds)), towards_successors=towards_successors
        )
        with connection.cursor() as cursor:
            cursor.execute(f"WITH RECURSIVE {cte} {result}", seeds)
            return cursor.fetchall()

    def all_predecessor_ids(self):
        """Ids of this unit and every unit it absorbed, transitively (used to widen scopes and reports)."""
        return AdminUnit.predecessor_ids_of([self.pk])[self.pk]

    @staticmethod
    def predecessor_ids_of(unit_ids):
        """{id: ids of that unit and every unit it absorbed, transitively} for every id in `unit_ids`.

        One recursive query for all of them rather than one per generation and unit: every page computes
        the user's scope through this (docs/performance.md).
        """
        found = {pk: {pk} for pk in unit_ids}
        seeds = [pk for pk in found if pk is not None]
        if not seeds:
            return found
        for seed, pk in AdminUnit._reached(seeds, towards_successors=False):
            found[seed].add(pk)
        return found


class Succession(models.Model):
    """A former unit (predecessor) was merged, wholly or in part, into a successor on `effective_date`."""

    predecessor = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="successor_links", verbose_name=_("former unit")
    )
    successor = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        related_name="predecessor_links",
        verbose_name=_("successor unit"),
    )
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="geography_succession_unique_pair"
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"
