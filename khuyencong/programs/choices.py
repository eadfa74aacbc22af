from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    NATIONAL = "national", _("National (KCQG)")
    LOCAL = "local", _("Local (KCĐP)")


class Status(models.TextChoices):
    """States of a đề án (DOMAIN §7.2)."""

    NEED_REGISTERED = "need_registered", _("Need registered")
    DRAFT = "draft", pgettext_lazy("project status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("project status", "Submitted")
    APPRAISED_LOCAL = "appraised_local", _("Appraised by the department")
    SUBMITTED_CENTRAL = "submitted_central", _("Submitted to the central agency")
    REJECTED = "rejected", _("Rejected")
    APPROVED_IN_PLAN = "approved_in_plan", _("Approved in the plan")
    CONTRACTED = "contracted", _("Contracted")
    IN_PROGRESS = "in_progress", pgettext_lazy("project status", "In progress")
    ADJUSTMENT_REQUESTED = "adjustment_requested", _("Adjustment requested")
    STOP_REQUESTED = "stop_requested", _("Stop requested")
    STOPPED = "stopped", _("Stopped")
    COMPLETED = "completed", pgettext_lazy("project status", "Completed")
    ACCEPTED = "accepted", pgettext_lazy("project status", "Accepted")
    SETTLED = "settled", _("Settled")
    EVALUATED = "evaluated", _("Evaluated")


# Order used by stage-gated required fields: a field required from a state is required in every later one.
STATUS_ORDER = [
    Status.NEED_REGISTERED,
    Status.DRAFT,
    Status.SUBMITTED,
    Status.APPRAISED_LOCAL,
    Status.SUBMITTED_CENTRAL,
    Status.APPROVED_IN_PLAN,
    Status.CONTRACTED,
    Status.IN_PROGRESS,
    Status.COMPLETED,
    Status.ACCEPTED,
    Status.SETTLED,
    Status.EVALUATED,
]

# A đề án in one of these states is (or was) in an approved plan: the report's "approved".
APPROVED_STATES = frozenset(
    {
        Status.APPROVED_IN_PLAN,
        Status.CONTRACTED,
        Status.IN_PROGRESS,
        Status.ADJUSTMENT_REQUESTED,
        Status.STOP_REQUESTED,  # a pending stop request is not a stop
        Status.STOPPED,
        Status.COMPLETED,
        Status.ACCEPTED,
        Status.SETTLED,
        Status.EVALUATED,
    }
)
# Still running: past its end date in one of these states means overdue.
OPEN_STATES = frozenset(
    {
        Status.APPROVED_IN_PLAN,
        Status.CONTRACTED,
        Status.IN_PROGRESS,
        Status.ADJUSTMENT_REQUESTED,
        Status.STOP_REQUESTED,
    }
)


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class AdjustmentKind(models.TextChoices):
    CONTENT = "content", pgettext_lazy("adjustment kind", "Content")
    BENEFICIARY = "beneficiary", _("Beneficiary")
    BUDGET = "budget", _("Budget")
    SCHEDULE = "schedule", _("Schedule")


class DocumentKind(models.TextChoices):
    DECISION = "decision", _("Decision")
    LETTER = "letter", _("Letter")
    MINUTES = "minutes", _("Minutes")
    CONTRACT = "contract", _("Contract")
    REPORT = "report", _("Report")
    REQUEST = "request", _("Request")


class PaymentKind(models.TextChoices):
    ADVANCE = "advance", _("Advance")
    DISBURSEMENT = "disbursement", _("Disbursement")
    SETTLEMENT = "settlement", _("Settlement")


class SubType(models.TextChoices):
    NONE = "", _("—")
    FLAGSHIP = "flagship", _("Flagship (điểm)")
    GROUP = "group", _("Group")
    NAMED = "named", _("Named beneficiary")


class SupportContent(models.TextChoices):
    """What the state support pays for, finer than the content category: caps differ by it (DOMAIN §3.4).

    Empty on a đề án means its category's main content (the cap marked `default_for_category`)."""

    DEMONSTRATION_MODEL = "demonstration_model", _("Technical demonstration model")
    REPLICATION_MODEL = "replication_model", _("Model of an effective establishment for replication")
    MACHINERY = "machinery", _("Advanced machinery, technology transfer")
    TECHNOLOGY_LINE = "technology_line", _("Technology line")
    START_UP = "start_up", _("Start-up support for a rural industrial enterprise")
