"""Statuses of historical đề án imported from Excel.

A đề án that went through the approval, contract, acceptance... years ago, before the system existed,
cannot be driven through `programs.services`: the steps need dated documents that the spreadsheet does
not have and actors (the Ministry for national đề án) other than the officer importing. So an imported
status is set directly, by the one function here, and always leaves the same traces the workflow
leaves: a `StatusChange` row (transition "import", by the importing user, with the file name as note),
the pending `StopRequest` / `ProjectVersion` that "Xin dừng" / "Xin điều chỉnh" need for the decision
steps that follow, and `status_before_request` so that refusing such a request goes back to "Đang thực
hiện". After the import, further steps are taken in the system through the normal workflow.

Rules (checked by the sheet before calling, see `check_imported_status`):
- only the states listed in `IMPORTABLE` can be imported;
- a đề án whose log has any step other than "import" is managed in the system: an import may not change it;
- a re-import may move an imported đề án forward (Đã phê duyệt → Đang thực hiện → Đã nghiệm thu →
  Đã thanh quyết toán; a request can be decided), never backward and never out of "Đã dừng".
"""

from django.utils import timezone

from khuyencong.programs.choices import DocumentKind, RequestStatus, Status
from khuyencong.programs.models import Document, ProjectVersion, StatusChange, StopRequest
from khuyencong.programs.services import snapshot

IMPORT_TRANSITION = "import"

# Vietnamese names officers use (first = the template's name) for each importable state.
IMPORTABLE = {
    Status.APPROVED_IN_PLAN: ["Đã phê duyệt", "Phê duyệt", "Được phê duyệt", "Approved"],
    Status.IN_PROGRESS: ["Đang thực hiện", "Đang triển khai", "In progress"],
    Status.ADJUSTMENT_REQUESTED: ["Xin điều chỉnh", "Đề nghị điều chỉnh", "Adjustment requested"],
    Status.STOP_REQUESTED: ["Xin dừng", "Đề nghị dừng", "Stop requested"],
    Status.STOPPED: ["Đã dừng", "Dừng thực hiện", "Dừng", "Stopped"],
    Status.ACCEPTED: ["Đã nghiệm thu", "Nghiệm thu", "Accepted"],
    Status.SETTLED: ["Đã thanh quyết toán", "Đã quyết toán", "Thanh quyết toán", "Settled"],
}
_RANK = {
    Status.APPROVED_IN_PLAN: 0,
    Status.IN_PROGRESS: 1,
    Status.ADJUSTMENT_REQUESTED: 1,
    Status.STOP_REQUESTED: 1,
    Status.STOPPED: 3,
    Status.ACCEPTED: 2,
    Status.SETTLED: 3,
}
REQUESTS = (Status.ADJUSTMENT_REQUESTED, Status.STOP_REQUESTED)


def is_managed_in_system(project):
    """True once the đề án has any workflow step other than an import: imports no longer change it."""
    return project.status_changes.exclude(transition=IMPORT_TRANSITION).exists()


def check_imported_status(current, target):
    """None if an imported đề án may go from `current` to `target` by re-import, else (vi, en) reason."""
    if current == target:
        return None
    if (
        current == Status.STOPPED
        or _RANK[target] < _RANK[current]
        or (_RANK[target] == _RANK[current] and target not in (Status.IN_PROGRESS, *REQUESTS))
    ):
        old, new = IMPORTABLE[current][0], IMPORTABLE[target][0]
        return (
            f"đề án đang ở trạng thái '{old}'; không thể chuyển về '{new}' bằng nhập Excel",
            f"the đề án is '{old}'; an import cannot take it back to '{new}'",
        )
    return None


def record_imported_status(project, status, *, actor, note, accepted_on=None, beneficiaries=None):
    """Save an imported historical đề án with its status (in the caller's transaction) and log the change.

    `project` carries the imported data, saved or not; its stored status (empty for a new đề án) is the
    "from" of the log row. It is saved once here, then `beneficiaries` (if not None) are set. See the
    module docstring. `accepted_on` (the acceptance date read from the file) is kept as the acceptance
    minutes attached to the log row. Returns the StatusChange row, or None if the status did not change.
    """
    user = actor if getattr(actor, "pk", None) else None
    previous = project.status if project.pk else ""
    document = None
    if accepted_on is not None and status in (Status.ACCEPTED, Status.SETTLED):
        document = Document.objects.create(
            kind=DocumentKind.MINUTES,
            number="Biên bản nghiệm thu (nhập Excel)",
            issued_on=accepted_on,
            province_id=project.province_id,
            note=note,
        )
    now = timezone.now()
    if previous == Status.STOP_REQUESTED and status != Status.STOP_REQUESTED:
        decided = RequestStatus.APPROVED if status == Status.STOPPED else RequestStatus.REFUSED
        project.stop_requests.filter(status=RequestStatus.PENDING).update(
            status=decided, decided_by=user, decided_at=now
        )
    if previous == Status.ADJUSTMENT_REQUESTED and status != Status.ADJUSTMENT_REQUESTED:
        project.versions.filter(status=RequestStatus.PENDING).update(
            status=RequestStatus.REFUSED, decided_by=user, decided_at=now
        )
    if status in REQUESTS and previous != status:
        project.status_before_request = Status.IN_PROGRESS
    elif status not in REQUESTS:
        project.status_before_request = ""
    project.status = status
    project.save()
    if beneficiaries is not None:
        project.beneficiaries.set(beneficiaries)
    if previous == status and document is None:
        return None
    if status == Status.STOP_REQUESTED and previous != status:
        StopRequest.objects.create(project=project, reason=note, requested_by=user)
    if status == Status.STOPPED and not project.stop_requests.filter(status=RequestStatus.APPROVED).exists():
        StopRequest.objects.create(
            project=project,
            reason=note,
            status=RequestStatus.APPROVED,
            requested_by=user,
            decided_by=user,
            decided_at=now,
        )
    if status == Status.ADJUSTMENT_REQUESTED and previous != status:
        if not project.versions.exists():
            ProjectVersion.objects.create(
                project=project, number=1, data=snapshot(project), status=RequestStatus.APPROVED
            )
        number = project.versions.order_by("-number").values_list("number", flat=True).first() + 1
        ProjectVersion.objects.create(
            project=project, number=number, data=snapshot(project), reason=note, requested_by=user
        )
    return StatusChange.objects.create(
        project=project,
        transition=IMPORT_TRANSITION,
        from_status=previous,
        to_status=status,
        changed_by=user,
        document=document,
        note=note,
    )


def imported_acceptance_date(project):
    """The acceptance date an earlier import recorded for `project`, or None."""
    change = (
        project.status_changes.filter(transition=IMPORT_TRANSITION, document__kind=DocumentKind.MINUTES)
        .select_related("document")
        .order_by("-id")
        .first()
    )
    return change.document.issued_on if change else None
