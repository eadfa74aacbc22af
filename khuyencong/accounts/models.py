from datetime import date

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khuyencong.core import audit, scoping
from khuyencong.core.models import TimeStampedModel
from khuyencong.core.scoping import AccessScope, Grant, ScopedModel
from khuyencong.core.text import fold, nfc

from .choices import OrganisationKind, Role


class Organisation(ScopedModel, TimeStampedModel):
    """An agency, department, centre or company, with the dates it existed (agencies get merged and renamed).

    The central agency is data, not a constant: in 2025 it is Cục ĐCK, and its duties may move.
    """

    name = models.CharField(_("name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=OrganisationKind)
    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"level": "province"},
        related_name="+",
        verbose_name=_("province"),
    )
    tax_code = models.CharField(_("tax code"), max_length=20, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("succeeded by"),
    )
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")

    history = audit.HistoricalRecords()

    scope_paths = {"province": "province", "organisation": "id"}

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="accounts_organisation_valid_dates",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        self.search_text = f"{fold(self.name)} | {fold(self.short_name)}"
        super().save(*args, **kwargs)


class User(AbstractUser):
    """A person who signs in. What they may see and change comes only from their role assignments."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisation"),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    # Who changed an account's names, organisation, activity or staff status; no password hashes kept.
    history = audit.HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        """Vietnamese order: family and middle names first ("Trần Thị Lan")."""
        return " ".join(part for part in (self.last_name, self.first_name) if part).strip()

    def access_scope(self):
        """The AccessScope (core.scoping) of this user, computed afresh each call.

        Callers ask `core.scoping.access_scope(user)`, which keeps it for the request."""
        assignments, widened = {}, {}
        for pk, role, province_id, organisation_id, commune_id, seed, predecessor in self._scope_rows():
            if pk is None:  # a predecessor of one of the provinces or communes
                widened.setdefault(seed, set()).add(predecessor)
                continue
            entry = assignments.setdefault(pk, (role, province_id, organisation_id, []))
            if commune_id is not None:
                entry[3].append(commune_id)
        for unit in {p for _role, p, _org, _communes in assignments.values() if p} | {
            c for *_rest, communes in assignments.values() for c in communes
        }:
            widened.setdefault(unit, set()).add(unit)
        grants = []
        for role, province_id, organisation_id, commune_ids in assignments.values():
            provinces = frozenset(widened[province_id]) if province_id else frozenset()
            communes = frozenset().union(*(widened[commune] for commune in commune_ids))
            organisations = frozenset({organisation_id} if organisation_id else ())
            grants.append(Grant(role, provinces, organisations, communes))
        return AccessScope(tuple(grants), superuser=self.is_superuser and self.is_active)

    def _scope_rows(self):
        """One query whatever the roles (every page pays it): the active assignments joined to their
        communes, then, in the same statement, the predecessors of all their provinces and communes
        (transitively: `AdminUnit.succession_walk`, seeded by the assignments).
        Rows (assignment id, role, province, organisation, commune, None, None) or (None × 5, unit,
        predecessor)."""
        from django.db import connections

        from khuyencong.geography.models import AdminUnit

        rows = self.role_assignments.active().values_list(
            "pk", "role", "province_id", "organisation_id", "communes"
        )
        sql, params = rows.query.sql_with_params()
        connection = connections[rows.db]
        walk, _result = AdminUnit.succession_walk("SELECT id FROM seeds", towards_successors=False)
        statement = (
            f"WITH RECURSIVE a(pk, role, province_id, organisation_id, commune_id) AS ({sql}), "
            f"seeds(id) AS (SELECT province_id FROM a UNION SELECT commune_id FROM a), {walk} "
            "SELECT pk, role, province_id, organisation_id, commune_id, NULL, NULL FROM a "
            "UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, seed, id FROM reached"
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall()

    def has_role(self, *roles):
        return bool(scoping.access_scope(self).roles() & {str(role) for role in roles})


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self, day=None):
        day = day or date.today()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class RoleAssignment(TimeStampedModel):
    """One role held by a user over a province, an organisation or a set of communes.

    Which of the three a role needs: province for officers and promotion centres, organisation
    for investors, communes for collaborators; central and viewer need none.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "province"},
        verbose_name=_("province"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    communes = models.ManyToManyField(
        "geography.AdminUnit",
        blank=True,
        related_name="+",
        limit_choices_to={"level": "commune"},
        verbose_name=_("communes"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    history = audit.HistoricalRecords(m2m_fields=[communes])

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=[Role.PROVINCE_OFFICER, Role.PROMOTION_CENTRE])
                | Q(province__isnull=False),
                name="accounts_roleassignment_province_roles_need_province",
                violation_error_message=_("Officers and promotion centre staff need a province."),
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.INVESTOR) | Q(organisation__isnull=False),
                name="accounts_roleassignment_investor_needs_organisation",
                violation_error_message=_("An investor role needs an organisation."),
            ),
        ]

    def __str__(self):
        where = self.province or self.organisation or ""
        return f"{self.user} — {self.get_role_display()} {where}".strip()


MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def validate_upload_size(file):
    if file.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."), code="too_large")


class OfficialDecision(TimeStampedModel):
    """Abstract base for an official document: a decision is data, not free text (DESIGN §4).

    Number, date and issuing body are separate fields; the issuing body is an Organisation when it is
    in our register, or a name (e.g. "Thủ tướng Chính phủ", "UBND tỉnh Đắk Nông") when it is not.
    """

    number = models.CharField(_("decision number"), max_length=60, help_text=_("e.g. 1757/QĐ-TTg"))
    issued_on = models.DateField(_("date issued"))
    issuing_body = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issuing body"),
    )
    issuing_body_name = models.CharField(
        _("issuing body (name)"),
        max_length=200,
        blank=True,
        help_text=_("When the issuing body is not in the register, e.g. UBND tỉnh Đắk Nông"),
    )
    signer = models.CharField(_("signed by"), max_length=120, blank=True)
    attachment = models.FileField(
        _("attached file"),
        upload_to="decisions/%Y/",
        blank=True,
        validators=[
            FileExtensionValidator(["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "odt", "ods"]),
            validate_upload_size,
        ],
        help_text=_("The signed decision (PDF or a scan), at most 20 MB."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True

    @property
    def issuer(self):
        return str(self.issuing_body) if self.issuing_body_id else self.issuing_body_name

    def reference(self):
        """'Quyết định số 1757/QĐ-TTg ngày 31/12/2023 của Thủ tướng Chính phủ' style citation."""
        from khuyencong.core.formatting import vn_date

        text = f"{self.number} ngày {vn_date(self.issued_on)}"
        return f"{text} ({self.issuer})" if self.issuer else text


class LoginThrottle(models.Model):
    """Failed logins per user name (accounts/security.py locks a name after too many)."""

    username = models.CharField(_("user name"), max_length=150, unique=True)
    failures = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_failure_at = models.DateTimeField(_("last failure"), null=True, blank=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("login throttle")
        verbose_name_plural = _("login throttles")

    def __str__(self):
        return self.username
