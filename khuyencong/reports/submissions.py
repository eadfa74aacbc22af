"""Submitting periodic reports: open a draft, refresh its figures, submit, return, accept (DOMAIN §2.6).

Who may act (ADR 0002): the province's officers and promotion centre open, edit and submit their
province's reports (inside `Submission.objects.editable_by`); the central agency returns or accepts
submitted reports of any province. Every step writes a SubmissionEvent and is recorded in history under
`audit.acting_as`, in one transaction with the submission row locked, so two reviewers cannot both act.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.core import audit
from khuyencong.core.scoping import CENTRAL, PROMOTION_CENTRE, PROVINCE_OFFICER, access_scope
from khuyencong.geography.models import AdminUnit

from . import periodic
from .common import ReportArea
from .models import Submission, SubmissionEvent, SubmissionStatus
from .periods import FORM_RULES, PROVINCE_FORMS, Period, ReportForm

FILERS = frozenset({PROVINCE_OFFICER, PROMOTION_CENTRE})


class SubmissionError(ValidationError):
    """A step that is not possible in the submission's state; the message says why."""


def area_of(submission_or_province, period):
    """Records of the province and of every province it absorbed count, by today's boundaries."""
    province = getattr(submission_or_province, "province", submission_or_province)
    boundaries = max(period.end, province.valid_from)
    return ReportArea(province, boundaries, frozenset(province.all_predecessor_ids()))


def filing_provinces(user):
    """The current provinces whose reports `user` files (from their officer / promotion centre roles)."""
    ids = set()
    for assignment in user.role_assignments.active():
        if assignment.role in FILERS and assignment.province_id:
            ids.add(assignment.province_id)
    return AdminUnit.objects.filter(pk__in=ids, valid_to__isnull=True).order_by("code")


def is_reviewer(user):
    scope = access_scope(user)
    return scope.superuser or CENTRAL in scope.roles()


def live_figures(submission):
    return periodic.build(submission.form, area_of(submission, submission.period), submission.period)


def _log(submission, action, before, actor, comment=""):
    SubmissionEvent.objects.create(
        submission=submission,
        action=action,
        from_status=before,
        to_status=submission.status,
        actor=actor,
        comment=comment,
    )


def _locked(submission):
    return Submission.objects.select_for_update().get(pk=submission.pk)


def _check_filer(submission, actor):
    if not Submission.objects.editable_by(actor).filter(pk=submission.pk).exists():
        raise PermissionDenied(_("Only the province's own officers file this report."))


@transaction.atomic
def open_draft(*, form, period, province, actor):
    """The submission of `province` for `form` and `period`, created as a draft with live figures if new."""
    form = ReportForm(form)
    if form not in PROVINCE_FORMS:
        raise SubmissionError(_("This form is not filed by a province."), code="form")
    if period.kind not in FORM_RULES[form].kinds:
        raise SubmissionError(_("This form has no report for that period."), code="period")
    if not province.is_current or province.level != "province":
        raise SubmissionError(_("Reports are filed by today's provinces."), code="province")
    if not filing_provinces(actor).filter(pk=province.pk).exists() and not access_scope(actor).superuser:
        raise PermissionDenied(_("Only the province's own officers file this report."))
    existing = Submission.objects.filter(
        form=form, period_kind=period.kind, year=period.year, province=province, cluster=None, commune=None
    ).first()
    if existing:
        return existing
    with audit.acting_as(actor, reason="báo cáo định kỳ: mở"):
        submission = Submission(
            form=form,
            period_kind=period.kind,
            year=period.year,
            province=province,
            deadline=period.deadline(form),
            status=SubmissionStatus.DRAFT,
        )
        submission.figures = live_figures(submission)
        submission.figures_at = timezone.now()
        try:
            with transaction.atomic():
                submission.save()
        except IntegrityError:  # opened at the same moment by a colleague
            return Submission.objects.get(
                form=form, period_kind=period.kind, year=period.year, province=province, cluster=None
            )
        _log(submission, SubmissionEvent.Action.OPEN, "", actor)
    return submission


@transaction.atomic
def save_draft(submission, *, actor, difficulties, proposals):
    """Record what the records cannot know, and refresh the figures from the records."""
    _check_filer(submission, actor)
    submission = _locked(submission)
    if not submission.is_open_for_edit:
        raise SubmissionError(_("A submitted or accepted report cannot be changed."), code="state")
    with audit.acting_as(actor, reason="báo cáo định kỳ: cập nhật"):
        submission.difficulties = difficulties.strip()
        submission.proposals = proposals.strip()
        submission.figures = live_figures(submission)
        submission.figures_at = timezone.now()
        submission.save()
    return submission


@transaction.atomic
def submit(submission, *, actor, comment=""):
    _check_filer(submission, actor)
    submission = _locked(submission)
    if not submission.is_open_for_edit:
        raise SubmissionError(_("Only a draft or a returned report can be submitted."), code="state")
    before = submission.status
    with audit.acting_as(actor, reason="báo cáo định kỳ: gửi"):
        submission.figures = live_figures(submission)
        submission.figures_at = timezone.now()
        submission.status = SubmissionStatus.SUBMITTED
        submission.submitted_at = timezone.now()
        submission.submitted_by = actor
        submission.save()
        _log(submission, SubmissionEvent.Action.SUBMIT, before, actor, comment)
    return submission


def _review(submission, *, actor, action, target, comment):
    if not is_reviewer(actor):
        raise PermissionDenied(_("Only the central agency reviews provinces' reports."))
    submission = _locked(submission)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise SubmissionError(_("Only a submitted report can be returned or accepted."), code="state")
    before = submission.status
    with audit.acting_as(actor, reason=f"báo cáo định kỳ: {action}"):
        submission.status = target
        submission.reviewed_at = timezone.now()
        submission.reviewed_by = actor
        submission.review_comment = comment.strip()
        submission.save()
        _log(submission, action, before, actor, comment.strip())
    return submission


@transaction.atomic
def return_(submission, *, actor, comment):
    if not comment or not comment.strip():
        raise SubmissionError(_("Say what the province must correct."), code="comment")
    return _review(
        submission,
        actor=actor,
        action=SubmissionEvent.Action.RETURN,
        target=SubmissionStatus.RETURNED,
        comment=comment,
    )


@transaction.atomic
def accept(submission, *, actor, comment=""):
    return _review(
        submission,
        actor=actor,
        action=SubmissionEvent.Action.ACCEPT,
        target=SubmissionStatus.ACCEPTED,
        comment=comment or "",
    )


STEPS = {"submit": submit, "return": return_, "accept": accept}


def perform(submission, step, *, actor, comment=""):
    """Run a step by name (the web buttons and the API `transition` action share this)."""
    if step not in STEPS:
        raise SubmissionError(_("Unknown step."), code="unknown")
    return STEPS[step](submission, actor=actor, comment=comment)


def allowed_steps(submission, user):
    """The step names `user` may take now, for the buttons."""
    steps = []
    if submission.is_open_for_edit and Submission.objects.editable_by(user).filter(pk=submission.pk).exists():
        steps.append("submit")
    if submission.status == SubmissionStatus.SUBMITTED and is_reviewer(user):
        steps += ["return", "accept"]
    return steps


def compare(submission):
    """The submitted or accepted figures against today's live figures: [{key, frozen, live}]."""
    return periodic.differences(submission.figures, live_figures(submission))


def overview(form, period, user):
    """Every current province the user may see, with its submission (or None) for `form` and `period`."""
    form = ReportForm(form)
    provinces = AdminUnit.objects.filter(level="province", valid_to__isnull=True).order_by("code")
    if not is_reviewer(user):
        provinces = provinces.filter(pk__in=_granted_provinces(user))
    found = {
        s.province_id: s
        for s in Submission.objects.visible_to(user).filter(
            form=form, period_kind=period.kind, year=period.year, cluster=None, commune=None
        )
    }
    deadline = period.deadline(form)
    rows = []
    for province in provinces:
        submission = found.get(province.pk)
        status = submission.status if submission else SubmissionStatus.NOT_STARTED
        late = status in (
            SubmissionStatus.NOT_STARTED,
            SubmissionStatus.DRAFT,
            SubmissionStatus.RETURNED,
        ) and (timezone.localdate() > deadline)
        if submission and submission.submitted_at and submission.submitted_at.date() > deadline:
            late = True
        rows.append(
            {
                "province": province,
                "submission": submission,
                "status": status,
                "status_label": SubmissionStatus(status).label,
                "deadline": deadline,
                "late": late,
            }
        )
    return rows


def _granted_provinces(user):
    ids = set()
    for grant in access_scope(user).grants:
        ids |= set(grant.provinces)
    return ids


def period_from(code):
    try:
        return Period.parse(code)
    except ValueError as exc:
        raise SubmissionError(_("Unknown report period."), code="period") from exc
