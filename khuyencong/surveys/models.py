"""Field network: collaborators (cộng tác viên khuyến công), their communes, survey assignments, versioned
survey forms defined as data, and the survey responses sent from phones (offline, idempotent by client id)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import validate_upload_size
from khuyencong.core import audit, clock
from khuyencong.core.fields import latitude_field, longitude_field
from khuyencong.core.models import TimeStampedModel
from khuyencong.core.scoping import ScopedModel
from khuyencong.core.text import fold, nfc

from . import definitions
from .choices import AssignmentStatus, Purpose, ResponseStatus
from .querysets import OFFICER_VIEW_ROLES, OwnedQuerySet, ReferenceQuerySet


class Collaborator(ScopedModel, TimeStampedModel):
    """A khuyến công collaborator: a person (usually with a user account) serving communes of a province.

    The communes come from `CollaboratorCommune` rows with dates; `services.sync_role` keeps the user's
    collaborator role assignment (the scoping grant) equal to the communes assigned today.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collaborator_profile",
        verbose_name=_("user account"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("Where the collaborator works, e.g. the commune People's Committee"),
    )
    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province"},
        verbose_name=_("province"),
        help_text=_("The province whose promotion centre manages the collaborator"),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    active_from = models.DateField(_("active from"), default=clock.today)
    active_to = models.DateField(_("active until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")

    history = audit.HistoricalRecords()

    objects = OwnedQuerySet.as_manager()
    scope_paths = {"province": "province_id"}
    scope_view_roles = OFFICER_VIEW_ROLES
    scope_owner_path = "user_id"

    @classmethod
    def reference_queryset(cls, field_name, actor):
        """A collaborator's account may be only an active account that holds no other role and is not an
        administrator's: an officer can neither list nor take over central or other provinces' accounts."""
        if field_name != "user":
            return None
        from django.contrib.auth import get_user_model

        from khuyencong.core import scoping

        scope = scoping.access_scope(actor)
        users = get_user_model().objects.filter(is_active=True, is_staff=False, is_superuser=False)
        if not scope.superuser and scope.roles().isdisjoint(scoping.DEFAULT_EDIT_ROLES | {scoping.CENTRAL}):
            return users.none()
        other_roles = set(scoping.GRANT_KIND) - {scoping.COLLABORATOR}
        foreign = cls.objects.exclude(pk__in=cls.objects.editable_by(actor).values("pk")).exclude(user=None)
        return users.exclude(role_assignments__role__in=other_roles).exclude(pk__in=foreign.values("user_id"))

    class Meta:
        verbose_name = _("collaborator")
        verbose_name_plural = _("collaborators")
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_to__gte=models.F("active_from")),
                name="surveys_collaborator_active_dates",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = nfc(self.full_name)
        self.search_text = " | ".join(part for part in (fold(self.full_name), self.phone) if part)[:400]
        super().save(*args, **kwargs)

    def is_active_on(self, day=None):
        day = day or clock.today()
        return self.active_from <= day and (self.active_to is None or self.active_to >= day)

    def communes_on(self, day=None):
        return self.commune_assignments.active(day)


class CommuneAssignmentQuerySet(OwnedQuerySet):
    def active(self, day=None):
        day = day or clock.today()
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class CollaboratorCommune(ScopedModel, TimeStampedModel):
    """A commune served by a collaborator between two dates.

    After 1/7/2025 the commune is the unit (districts abolished); an earlier assignment keeps its district
    and legacy commune, so the coverage of a past date reads as it was.
    """

    collaborator = models.ForeignKey(
        Collaborator,
        on_delete=models.CASCADE,
        related_name="commune_assignments",
        verbose_name=_("collaborator"),
    )
    commune = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "commune"},
        verbose_name=_("commune"),
    )
    district = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "district"},
        verbose_name=_("district"),
        help_text=_("Only for assignments before 1/7/2025"),
    )
    valid_from = models.DateField(_("from"), default=clock.today)
    valid_to = models.DateField(_("until"), null=True, blank=True)

    history = audit.HistoricalRecords()

    objects = CommuneAssignmentQuerySet.as_manager()
    scope_paths = {"province": "collaborator__province_id"}
    scope_view_roles = OFFICER_VIEW_ROLES
    scope_owner_path = "collaborator__user_id"

    class Meta:
        verbose_name = _("commune of a collaborator")
        verbose_name_plural = _("communes of collaborators")
        ordering = ["-valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="surveys_collaboratorcommune_dates",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]

    def __str__(self):
        return f"{self.collaborator} — {self.commune}"


class SurveyForm(ScopedModel, TimeStampedModel):
    """A versioned survey form defined as data (`definitions`). A form that has responses is never changed:
    a new version is added (`services.new_form_version`) and responses keep the version they answered."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose, blank=True)
    description = models.TextField(_("description"), blank=True)
    definition = models.JSONField(_("definition"), default=dict)
    is_active = models.BooleanField(_("in use"), default=True)
    is_builtin = models.BooleanField(_("built in"), default=False, editable=False)

    history = audit.HistoricalRecords()

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey form")
        verbose_name_plural = _("survey forms")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="surveys_surveyform_unique_code_version")
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    def clean(self):
        errors = definitions.validate_definition(self.definition)
        if errors:
            raise ValidationError({"definition": errors})
        if self.pk:
            stored = SurveyForm.objects.filter(pk=self.pk).values_list("definition", flat=True).first()
            if stored != self.definition and self.responses.exists():
                raise ValidationError(
                    {"definition": _("This version already has responses: add a new version instead.")}
                )

    @property
    def fields(self):
        return definitions.fields_of(self.definition)

    def photo_field_names(self):
        return [f["name"] for f in self.fields if f.get("type") == "photo"]


class AssignmentQuerySet(OwnedQuerySet):
    def overdue(self, today=None):
        return self.filter(status=AssignmentStatus.ASSIGNED, due_date__lt=today or clock.today())


class SurveyAssignment(ScopedModel, TimeStampedModel):
    """Survey work given by the promotion centre to a collaborator: some facilities and/or a commune."""

    collaborator = models.ForeignKey(
        Collaborator, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("collaborator")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose, default=Purpose.NEED_SURVEY)
    form = models.ForeignKey(
        SurveyForm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("survey form"),
    )
    commune = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "commune"},
        verbose_name=_("commune"),
    )
    facilities = models.ManyToManyField(
        "facilities.Facility", blank=True, related_name="survey_assignments", verbose_name=_("establishments")
    )
    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province"},
        verbose_name=_("province"),
        editable=False,
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=AssignmentStatus, default=AssignmentStatus.ASSIGNED, db_index=True
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
        editable=False,
    )
    note = models.TextField(_("instructions"), blank=True)

    history = audit.HistoricalRecords(m2m_fields=[facilities])

    objects = AssignmentQuerySet.as_manager()
    scope_paths = {"province": "province_id"}
    scope_view_roles = OFFICER_VIEW_ROLES
    scope_owner_path = "collaborator__user_id"

    class Meta:
        verbose_name = _("survey assignment")
        verbose_name_plural = _("survey assignments")
        ordering = ["due_date", "id"]

    def __str__(self):
        return f"{self.get_purpose_display()} — {self.collaborator} ({self.due_date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if self.collaborator_id and not self.province_id:
            self.province_id = self.collaborator.province_id
        super().save(*args, **kwargs)

    @property
    def is_overdue(self):
        return self.status == AssignmentStatus.ASSIGNED and self.due_date < clock.today()


class SurveyResponseQuerySet(OwnedQuerySet):
    def open(self):
        return self.filter(status__in=[ResponseStatus.RECEIVED, ResponseStatus.CONFLICT])


class SurveyResponse(ScopedModel, TimeStampedModel):
    """One filled survey sent from a phone. `client_uuid` is made on the phone: sending it again never
    creates a second response. `base_version` is the facility's newest history id the phone knew; when
    the facility changed since, the response is a conflict that an officer resolves field by field."""

    client_uuid = models.UUIDField(_("client id"), unique=True)
    form = models.ForeignKey(
        SurveyForm, on_delete=models.PROTECT, related_name="responses", verbose_name=_("survey form")
    )
    assignment = models.ForeignKey(
        SurveyAssignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("assignment"),
    )
    collaborator = models.ForeignKey(
        Collaborator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("collaborator"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("establishment"),
    )
    base_version = models.PositiveBigIntegerField(
        _("registry version surveyed"),
        null=True,
        blank=True,
        help_text=_("The establishment's history version the phone had when the survey was filled"),
    )
    base_modified = models.DateTimeField(_("registry modified (as surveyed)"), null=True, blank=True)
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
    )
    answers = models.JSONField(_("answers"), default=dict)
    latitude = latitude_field()
    longitude = longitude_field()
    accuracy_m = models.PositiveIntegerField(_("GPS accuracy (m)"), null=True, blank=True)
    captured_at = models.DateTimeField(_("filled at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ResponseStatus, default=ResponseStatus.RECEIVED, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    project = models.ForeignKey(
        "programs.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("đề án drafted from it"),
    )

    history = audit.HistoricalRecords()

    objects = SurveyResponseQuerySet.as_manager()
    scope_paths = {"province": "province_id"}
    scope_view_roles = OFFICER_VIEW_ROLES
    scope_owner_path = "submitted_by_id"

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-captured_at", "-id"]
        indexes = [
            # coverage: last survey per commune
            models.Index(fields=["commune", "captured_at"], name="surveys_response_commune_idx"),
        ]

    def __str__(self):
        subject = self.facility or self.answers.get("facility_name") or self.commune or ""
        return f"{self.form.title}: {subject}".strip()

    def display_answers(self, language="vi"):
        return definitions.display_answers(self.form.definition, self.answers, language)

    @property
    def facility_values(self):
        return definitions.facility_values(self.form.definition, self.answers)


PHOTO_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]


class ResponsePhoto(ScopedModel, TimeStampedModel):
    """A photo of a survey response (compressed on the phone), stored as a file and served only through
    the permission-checked file view."""

    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="photos", verbose_name=_("survey response")
    )
    field = models.CharField(_("form field"), max_length=60, blank=True)
    image = models.FileField(
        _("photo"),
        upload_to="surveys/photos/%Y/%m/",
        validators=[FileExtensionValidator(PHOTO_EXTENSIONS), validate_upload_size],
    )

    history = audit.HistoricalRecords()

    objects = OwnedQuerySet.as_manager()
    scope_paths = {"province": "response__province_id"}
    scope_view_roles = OFFICER_VIEW_ROLES
    scope_owner_path = "response__submitted_by_id"

    class Meta:
        verbose_name = _("survey photo")
        verbose_name_plural = _("survey photos")
        ordering = ["id"]

    def __str__(self):
        return self.image.name
