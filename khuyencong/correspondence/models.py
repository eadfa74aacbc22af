"""The official correspondence register (sổ văn bản đến / đi) and what each document concerns.

A `Correspondence` row is one incoming or outgoing document. Decisions recorded in the clusters app
(`clusters.ClusterDecision`) and documents of the promotion app (`programs.Document`) appear in the
register as rows with a one-to-one link to them and *no* number, date, issuer, signer or file of their
own (a check constraint forbids it): those read through to the decision, so there is one record, never
a copy. Such rows are made and kept current by `signals` / `services.mirror_*`.
"""

import operator
from functools import reduce

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import OfficialDecision
from khuyencong.core import audit, clock
from khuyencong.core.models import TimeStampedModel
from khuyencong.core.scoping import ScopedModel
from khuyencong.core.text import fold, nfc

from .choices import Direction, DocumentType
from .querysets import CorrespondenceQuerySet

# The same type and size limits as every decision file (accounts.OfficialDecision.attachment).
ATTACHMENT_VALIDATORS = list(OfficialDecision._meta.get_field("attachment").validators)

# Fields a register row mirroring a decision must leave empty: they read through to the decision.
OWN_DOCUMENT_FIELDS = ("number", "issued_on", "issuing_body", "issuing_body_name", "signer", "attachment")


class Correspondence(ScopedModel, OfficialDecision):
    """One official document in the register: incoming (văn bản đến) or outgoing (văn bản đi).

    Invariants:
    - Either the row is the document itself (own number and date), or it mirrors exactly one cluster
      decision or programme document and leaves its own number, date, issuer, signer and file empty.
    - `in_reply_to` is set only on outgoing documents (the answer to an incoming one); `reply_by` only
      on incoming ones. An incoming document with a `reply_by` date is answered once an outgoing
      document points at it.
    - `province` is the scope: the province of the office keeping the register (for mirrored rows, the
      province of the decision's cluster or of the programme document).
    - `search_text` folds type, number, summary, issuer and body (core.text.fold) for search.
    """

    direction = models.CharField(_("direction"), max_length=10, choices=Direction)
    kind = models.CharField(_("type"), max_length=10, choices=DocumentType, default=DocumentType.LETTER)
    number = models.CharField(
        _("number and symbol (số ký hiệu)"), max_length=60, blank=True, help_text=_("e.g. 125/SCT-QLCN")
    )
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    attachment = models.FileField(
        _("attached file"),
        upload_to="correspondence/%Y/",
        blank=True,
        validators=ATTACHMENT_VALIDATORS,
        help_text=_("The signed document (PDF or a scan), at most 20 MB."),
    )
    summary = models.TextField(_("summary (trích yếu)"), blank=True)
    body = models.TextField(_("body text"), blank=True, help_text=_("Optional: the text, for searching"))
    recipients = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="received_correspondence",
        verbose_name=_("receiving bodies"),
    )
    recipient_names = models.TextField(
        _("receiving bodies (names)"),
        blank=True,
        help_text=_("Bodies not in the register, one per line"),
    )
    received_on = models.DateField(_("date received"), null=True, blank=True)
    reply_by = models.DateField(_("reply by"), null=True, blank=True)
    in_reply_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    province = models.ForeignKey(
        "geography.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "province"},
        verbose_name=_("province"),
    )
    cluster_decision = models.OneToOneField(
        "clusters.ClusterDecision",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="register_entry",
        verbose_name=_("cluster decision"),
    )
    programme_document = models.OneToOneField(
        "programs.Document",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="register_entry",
        verbose_name=_("promotion document"),
    )
    search_text = models.TextField(editable=False, default="")

    history = audit.HistoricalRecords(m2m_fields=[recipients])

    objects = CorrespondenceQuerySet.as_manager()

    scope_paths = {"province": "province_id"}

    class Meta:
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            # awaiting_reply / overdue (the reminders of issue #10)
            models.Index(fields=["direction", "reply_by"], name="correspondence_reply_by_idx"),
            models.Index(fields=["province", "issued_on"], name="correspondence_province_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cluster_decision__isnull=True) | Q(programme_document__isnull=True),
                name="correspondence_correspondence_one_source",
                violation_error_message=_("A register entry mirrors at most one decision."),
            ),
            models.CheckConstraint(
                condition=Q(cluster_decision__isnull=True, programme_document__isnull=True)
                | Q(
                    number="",
                    issued_on__isnull=True,
                    issuing_body__isnull=True,
                    issuing_body_name="",
                    signer="",
                    attachment="",
                ),
                name="correspondence_correspondence_mirror_not_copy",
                violation_error_message=_(
                    "The number, date, issuer, signer and file of a decision are kept on the decision."
                ),
            ),
            models.CheckConstraint(
                condition=Q(cluster_decision__isnull=False)
                | Q(programme_document__isnull=False)
                | (Q(issued_on__isnull=False) & ~Q(number="")),
                name="correspondence_correspondence_number_and_date",
                violation_error_message=_("Give the number and the date of the document."),
            ),
            models.CheckConstraint(
                condition=Q(in_reply_to__isnull=True) | Q(direction=Direction.OUTGOING),
                name="correspondence_correspondence_reply_is_outgoing",
                violation_error_message=_("Only an outgoing document answers another one."),
            ),
            models.CheckConstraint(
                condition=Q(reply_by__isnull=True) | Q(direction=Direction.INCOMING),
                name="correspondence_correspondence_reply_by_incoming",
                violation_error_message=_("Only an incoming document has a reply-by date."),
            ),
        ]

    def __str__(self):
        number = self.ref_number
        label = self.get_kind_display()
        return f"{label} {number}" if number else str(label)

    def get_absolute_url(self):
        return reverse("correspondence:detail", args=[self.pk])

    def save(self, *args, **kwargs):
        for name in ("number", "issuing_body_name", "signer", "summary", "recipient_names"):
            setattr(self, name, nfc(getattr(self, name)) or "")
        self.search_text = self.index_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    # --- what reads through to the mirrored decision -------------------------------------------------

    @property
    def source(self):
        """The record holding the number, date, issuer, signer and file: the decision, or this row."""
        if self.cluster_decision_id:
            return self.cluster_decision
        if self.programme_document_id:
            return self.programme_document
        return self

    @property
    def is_mirror(self):
        return bool(self.cluster_decision_id or self.programme_document_id)

    @property
    def ref_number(self):
        return self.source.number

    @property
    def ref_date(self):
        return self.source.issued_on

    @property
    def ref_issuer(self):
        return self.source.issuer

    @property
    def ref_signer(self):
        return self.source.signer

    @property
    def file_source(self):
        """The record whose `attachment` is this document's file, or None when there is no file."""
        source = self.source
        return source if source.attachment else None

    @property
    def subject(self):
        """The summary (trích yếu); for a mirrored decision without one, what the decision is about."""
        if self.summary:
            return self.summary
        if self.cluster_decision_id:
            decision = self.cluster_decision
            return f"{decision.get_kind_display()} — {decision.cluster}"
        if self.programme_document_id:
            document = self.programme_document
            return " — ".join(str(part) for part in (document.get_kind_display(), document.note) if part)
        return ""

    def source_edit_url(self):
        """Where the number, date and issuer of a mirrored decision are edited."""
        if self.cluster_decision_id:
            return reverse("clusters:decision-update", args=[self.cluster_decision_id])
        return None

    def index_text(self):
        """The folded search key: type (Vietnamese label), number, summary, issuer, recipients, body."""
        with translation.override("vi"):
            parts = [
                self.get_kind_display(),
                self.ref_number,
                self.subject,
                self.ref_issuer,
                self.recipient_names,
                self.body,
            ]
            return " | ".join(fold(part) for part in parts if part)

    # --- replies --------------------------------------------------------------------------------------

    @property
    def expects_reply(self):
        return self.direction == Direction.INCOMING and self.reply_by is not None

    def reply_overdue(self, today=None, answered=None):
        """True when a reply was due before `today` and none is registered (`answered` saves a query)."""
        if not self.expects_reply or self.reply_by >= (today or clock.today()):
            return False
        if answered is None:
            answered = Correspondence.objects.filter(in_reply_to=self).exists()
        return not answered


# One link field per kind of record a document may concern (explicit FKs, not a generic relation, so
# that scoping and joins stay plain). Order = how links are listed.
LINK_FIELDS = (
    "cluster",
    "cluster_decision",
    "project",
    "programme_document",
    "inspection",
    "recommendation",
    "submission",
)


def _exactly_one_link():
    options = [
        Q(**{f"{name}__isnull": False}, **{f"{o}__isnull": True for o in LINK_FIELDS if o != name})
        for name in LINK_FIELDS
    ]
    return reduce(operator.or_, options)


def _link(model, verbose_name):
    return models.ForeignKey(
        model,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class CorrespondenceLink(ScopedModel, TimeStampedModel):
    """What a document concerns: exactly one cluster, cluster decision, đề án, promotion document,
    inspection visit, recommendation or periodic report submission per row (check constraint)."""

    correspondence = models.ForeignKey(
        Correspondence, on_delete=models.CASCADE, related_name="links", verbose_name=_("official document")
    )
    cluster = _link("clusters.Cluster", _("industrial cluster"))
    cluster_decision = _link("clusters.ClusterDecision", _("cluster decision"))
    project = _link("programs.Project", _("đề án"))
    programme_document = _link("programs.Document", _("promotion document"))
    inspection = _link("inspections.Inspection", _("inspection"))
    recommendation = _link("inspections.Recommendation", _("recommendation"))
    submission = _link("reports.Submission", _("periodic report"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = audit.HistoricalRecords()

    scope_paths = {"province": "correspondence__province_id"}

    class Meta:
        verbose_name = _("document link")
        verbose_name_plural = _("document links")
        ordering = ["correspondence", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_link(),
                name="correspondence_link_exactly_one_target",
                violation_error_message=_("A link points at exactly one record."),
            ),
            *(
                models.UniqueConstraint(
                    fields=["correspondence", name],
                    name=f"correspondence_link_unique_{name}",
                    violation_error_message=_("The document is already linked to this record."),
                )
                for name in LINK_FIELDS
            ),
        ]

    def __str__(self):
        return f"{self.correspondence} → {self.target}"

    @property
    def target_field(self):
        return next((name for name in LINK_FIELDS if getattr(self, f"{name}_id")), None)

    @property
    def target(self):
        name = self.target_field
        return getattr(self, name) if name else None

    @property
    def target_label(self):
        name = self.target_field
        return self._meta.get_field(name).verbose_name if name else ""

    def target_url(self):
        target = self.target
        if target is None:
            return None
        if self.target_field == "cluster_decision":
            return target.cluster.get_absolute_url()
        if self.target_field == "programme_document":
            return None
        getter = getattr(target, "get_absolute_url", None)
        if getter is not None:
            return getter()
        return TARGET_URLS[self.target_field](target)


TARGET_URLS = {
    "project": lambda obj: reverse("programs:project-detail", args=[obj.pk]),
    "inspection": lambda obj: reverse("inspections:detail", args=[obj.pk]),
    "recommendation": lambda obj: reverse("inspections:recommendation-detail", args=[obj.pk]),
}
