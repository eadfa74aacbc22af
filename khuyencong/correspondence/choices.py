from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    """Văn bản đến (received by the office keeping the register) or văn bản đi (sent by it)."""

    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")


class DocumentType(models.TextChoices):
    """The kinds of administrative document of Decree 30/2020/NĐ-CP used in the register."""

    LETTER = "letter", _("Official letter (công văn)")
    DECISION = "decision", _("Decision (quyết định)")
    PROPOSAL = "proposal", _("Submission (tờ trình)")
    REPORT = "report", _("Report (báo cáo)")
    NOTICE = "notice", _("Notice (thông báo)")
    MINUTES = "minutes", _("Minutes (biên bản)")
    PLAN = "plan", _("Plan (kế hoạch)")
    OTHER = "other", _("Other")


class ReplyState(models.TextChoices):
    """Filter values of the list: incoming documents waiting for an answer, or past their reply-by date."""

    AWAITING = "awaiting", _("Awaiting a reply")
    OVERDUE = "overdue", _("Reply overdue")


# programs.Document kinds → register types (a contract has no type of its own in the register).
PROGRAMME_DOCUMENT_TYPES = {
    "decision": DocumentType.DECISION,
    "letter": DocumentType.LETTER,
    "minutes": DocumentType.MINUTES,
    "contract": DocumentType.OTHER,
    "report": DocumentType.REPORT,
    "request": DocumentType.PROPOSAL,
}

# Issuers of these organisation kinds are the office keeping the register: their documents go out.
OWN_OFFICE_KINDS = {"department", "promotion_centre"}

# clusters.DecisionKind values that are not decisions in the register's sense.
CLUSTER_DECISION_TYPES = {
    "application_notice": DocumentType.NOTICE,
    "construction_start": DocumentType.NOTICE,
    "operation": DocumentType.NOTICE,
    "dossier_submission": DocumentType.PROPOSAL,
}
