import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin

from khuyencong.core import audit, clock, scoping
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
        day = day or clock.today()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class RoleAssignment(TimeStampedModel):
    """One role held by a user over a province, an organisation or a set of communes.

    Which of the three a role needs: province for officers and promotion centres, organisation
    for investors and for enterprises investing in a cluster (tenants), communes for collaborators and
    commune officers (with their province); central and viewer need none.
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
            models.CheckConstraint(
                condition=~Q(role=Role.TENANT) | Q(organisation__isnull=False),
                name="accounts_roleassignment_tenant_needs_organisation",
                violation_error_message=_("An enterprise role needs its enterprise (organisation)."),
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
        from django.utils.translation import pgettext

        from khuyencong.core.formatting import vn_date

        text = pgettext("document reference", "%(number)s of %(date)s") % {
            "number": self.number,
            "date": vn_date(self.issued_on),
        }
        return f"{text} ({self.issuer})" if self.issuer else text


class LoginThrottle(models.Model):
    """Failed sign-ins of one user name from one client address, or (user name blank) of one address
    across all names. accounts/security.py makes each wait before it may try again, growing with the
    failures; administrators lift a wait by deleting its row (admin action)."""

    username = models.CharField(_("user name"), max_length=150, blank=True)
    address = models.CharField(_("client address"), max_length=64, blank=True)
    failures = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_failure_at = models.DateTimeField(_("last failure"), null=True, blank=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("login throttle")
        verbose_name_plural = _("login throttles")
        constraints = [
            models.UniqueConstraint(
                fields=["username", "address"], name="accounts_loginthrottle_name_address"
            )
        ]

    def __str__(self):
        return f"{self.username or '*'} @ {self.address}"


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """One-time recovery codes of a user, as a django-otp device: each code lets its user past the
    second factor once (lost phone). Only keyed hashes of the codes are stored (`RecoveryCode`)."""

    CODE_COUNT = 10
    ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
    CODE_LENGTH = 12  # about 59 bits each

    class Meta(Device.Meta):
        verbose_name = _("recovery code set")
        verbose_name_plural = _("recovery code sets")

    @staticmethod
    def normalise(code):
        return "".join(ch for ch in (code or "").lower() if ch.isalnum())

    def code_hash(self, code):
        return salted_hmac(
            f"khuyencong.accounts.recovery-code/{self.user_id}", self.normalise(code), algorithm="sha256"
        ).hexdigest()

    def regenerate(self):
        """Replace the codes by CODE_COUNT new ones; returns them (to be shown once), as xxxx-xxxx-xxxx."""
        codes = []
        while len(codes) < self.CODE_COUNT:
            raw = "".join(secrets.choice(self.ALPHABET) for _ in range(self.CODE_LENGTH))
            code = "-".join(raw[i : i + 4] for i in range(0, self.CODE_LENGTH, 4))
            if code not in codes:
                codes.append(code)
        self.codes.all().delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=self, code_hash=self.code_hash(c)) for c in codes
        )
        return codes

    def remaining(self):
        return self.codes.filter(used_at__isnull=True).count()

    def verify_token(self, token):
        allowed, _data = self.verify_is_allowed()
        if not allowed:
            return False
        used = RecoveryCode.objects.filter(
            device=self, code_hash=self.code_hash(token), used_at__isnull=True
        ).update(used_at=timezone.now())
        if used:
            self.throttle_reset()
        else:
            self.throttle_increment()
        return bool(used)

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)


class RecoveryCode(models.Model):
    """One recovery code, by its keyed hash; used once."""

    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):  # never the hash
        return f"{self.device} #{self.pk}{' (used)' if self.used_at else ''}"


class TokenSecondFactor(models.Model):
    """Marks an API token made in a session that had passed the second factor. For a user who needs
    one, a token without this mark is refused (accounts/authentication.py)."""

    token = models.OneToOneField(
        "authtoken.Token", on_delete=models.CASCADE, primary_key=True, related_name="second_factor"
    )
    verified_at = models.DateTimeField(default=timezone.now)

    def __str__(self):  # never the key
        return f"API token of user {self.token.user_id}, second factor {self.verified_at:%Y-%m-%d %H:%M}"
