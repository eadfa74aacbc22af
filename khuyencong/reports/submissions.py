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

from khuyencong.core import audit, clock
from khuyencong.core.scoping import CENTRAL, INVESTOR, PROMOTION_CENTRE, PROVINCE_OFFICER, access_scope
from khuyencong.geography.models import AdminUnit

from . import periodic
from .common import ReportArea
from .models import Submission, SubmissionEvent, SubmissionStatus
from .periods import FORM_RULES, Period, ReportForm

FILERS = frozenset({PROVINCE_OFFICER, PROMOTION_CENTRE})
# The reporting chain of TT 14/2024 (DOMAIN §2.6): investors file Biểu 01 and 02 for their own cluster and
# the Sở reviews them; the Sở records each commune's Biểu 03 (communes have no accounts here) and reviews it;
# the Sở files Biểu 04 and the khuyến công results, which the central agency reviews.
CLUSTER_FORMS = (ReportForm.BIEU_01, ReportForm.BIEU_02)
COMMUNE_FORMS = (ReportForm.BIEU_03,)


class SubmissionError(ValidationError):
    """A step that is not possible in the submission's state; the message says why."""


def area_of(submission_or_province, period):
    """Records of the province and of every province it absorbed count, by today's boundaries."""
    province = getattr(submission_or_province, "province", submission_or_province)
    boundaries = max(period.end, province.valid_from)
    return ReportArea(province, boundaries, frozenset(province.all_predecessor_ids()))


def _filer_province_ids(user):
    """The provinces of `user`'s officer / promotion centre roles with the former units they absorbed, from
    the access scope (kept for the request): of these, only the roles' own provinces are current."""
    return {pk for grant in access_scope(user).grants if grant.role in FILERS for pk in grant.provinces}


def filing_provinces(user):
    """The current provinces whose reports `user` files (from their officer / promotion centre roles)."""
    return AdminUnit.objects.filter(pk__in=_filer_province_ids(user), valid_to__isnull=True).order_by("code")


def is_reviewer(user):
    """The central agency: it reviews the provinces' own reports (Biểu 04, khuyến công results)."""
    scope = access_scope(user)
    return scope.superuser or CENTRAL in scope.roles()


def investor_organisations(user):
    return {g for grant in access_scope(user).grants if grant.role == INVESTOR for g in grant.organisations}


def files_for(user, province):
    """Whether `user` files the reports of `province` (one of `filing_provinces`), without a query."""
    return province.valid_to is None and province.pk in _filer_province_ids(user)


def can_file(submission, user):
    """Whether `user` files this submission (opens, edits, submits it)."""
    if access_scope(user).superuser:
        return True
    if submission.form in CLUSTER_FORMS:
        return submission.cluster.investor_id in investor_organisations(user)
    return files_for(user, submission.province)


def can_review(submission, user):
    """Whether `user` returns or accepts it: the province's officers in the chain, else the central agency."""
    if submission.form in CLUSTER_FORMS + COMMUNE_FORMS:
        return access_scope(user).superuser or files_for(user, submission.province)
    return is_reviewer(user)


def live_figures(submission):
    period = submission.period
    area = area_of(submission, period)
    if submission.form in CLUSTER_FORMS:
        builder = periodic.build_bieu01 if submission.form == ReportForm.BIEU_01 else periodic.build_bieu02
        return {**builder(submission.cluster, period), "province": area.as_json()}
    if submission.form in COMMUNE_FORMS:
        return periodic.build_bieu03(area, period, submission.commune)
    return periodic.build(submission.form, area, period)


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
    if not can_file(submission, actor):
        raise PermissionDenied(_("Only the province's own officers file this report."))


@transaction.atomic
def open_draft(*, form, period, province=None, cluster=None, commune=None, actor):
    """The submission for `form` and `period` about `province` (Biểu 04, khuyến công), `cluster` (Biểu 01,
    02) or `commune` (Biểu 03), created as a draft with live figures if new."""
    form = ReportForm(form)
    if period.kind not in FORM_RULES[form].kinds:
        raise SubmissionError(_("This form has no report for that period."), code="period")
    subject = FORM_RULES[form].subject
    if subject == "cluster":
        if cluster is None:
            raise SubmissionError(_("Choose the cluster this report is about."), code="cluster")
        province = (cluster.province.current_units() or [cluster.province])[0]
        key = {"cluster": cluster}
    elif subject == "commune":
        if commune is None or commune.level != "commune":
            raise SubmissionError(_("Choose the commune this report is about."), code="commune")
        province = commune.province
        key = {"commune": commune}
    else:
        if province is None or not province.is_current or province.level != "province":
            raise SubmissionError(_("Reports are filed by today's provinces."), code="province")
        key = {"cluster": None, "commune": None}
    submission = Submission(
        form=form,
        period_kind=period.kind,
        year=period.year,
        province=province,
        deadline=period.deadline(form),
        status=SubmissionStatus.DRAFT,
        **{k: v for k, v in key.items() if v is not None},
    )
    if not can_file(submission, actor):
        raise PermissionDenied(_("Only the province's own officers file this report."))
    lookup = {"form": form, "period_kind": period.kind, "year": period.year, **key}
    if subject == "province":
        lookup["province"] = province
    existing = Submission.objects.filter(**lookup).first()
    if existing:
        return existing
    with audit.acting_as(actor, reason="báo cáo định kỳ: mở"):
        submission.figures = live_figures(submission)
        submission.figures_at = timezone.now()
        try:
            with transaction.atomic():
                submission.save()
        except IntegrityError:  # opened at the same moment by a colleague
            return Submission.objects.get(**lookup)
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
    if not can_review(submission, actor):
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
    if submission.is_open_for_edit and can_file(submission, user):
        steps.append("submit")
    if submission.status == SubmissionStatus.SUBMITTED and can_review(submission, user):
        steps += ["return", "accept"]
    return steps


def compare(submission):
    """The submitted or accepted figures against today's live figures: [{key, frozen, live}]."""
    return periodic.differences(submission.figures, live_figures(submission))


UNFILED = (SubmissionStatus.NOT_STARTED, SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


def standing(submission, deadline, today):
    """(status, late, unfiled) of a possibly missing submission: late when still unfiled after the
    deadline, or filed after it."""
    status = submission.status if submission else SubmissionStatus.NOT_STARTED
    unfiled = status in UNFILED
    late = (unfiled and today > deadline) or bool(
        submission and submission.submitted_at and clock.local_date(submission.submitted_at) > deadline
    )
    return status, late, unfiled


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
        status, late, _unfiled = standing(submission, deadline, clock.today())
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


def subject_for(user, form, data):
    """What a filer's "prepare the draft" form names (province, cluster or commune), checked against scope."""
    from khuyencong.clusters.models import Cluster

    subject = FORM_RULES[ReportForm(form)].subject
    raw = str(data.get(subject) or "")
    if not raw.isdigit():
        return None
    if subject == "cluster":
        cluster = Cluster.objects.visible_to(user).filter(pk=raw).select_related("province").first()
        return {"cluster": cluster} if cluster else None
    provinces = filing_provinces(user)
    if subject == "commune":
        commune = AdminUnit.objects.filter(pk=raw, level="commune", province__in=provinces).first()
        return {"commune": commune} if commune else None
    province = provinces.filter(pk=raw).first()
    return {"province": province} if province else None


def chain_provinces(user):
    """Provinces whose chain `user` may follow: all for the central agency, else the user's own."""
    provinces = AdminUnit.objects.filter(level="province", valid_to__isnull=True).order_by("code")
    if is_reviewer(user):
        return list(provinces)
    own = set(filing_provinces(user).values_list("pk", flat=True))
    if investor_organisations(user):
        from khuyencong.clusters.models import Cluster

        for cluster in Cluster.objects.visible_to(user).select_related("province"):
            own |= {u.pk for u in cluster.province.current_units()}
    return [p for p in provinces if p.pk in own]


def chain(province, period, user):
    """Every report the chain expects of `province` for `period`, with its state and lateness.

    Biểu 01 and 02 from each established cluster with an infrastructure investor; Biểu 03 from each commune
    with a cluster; Biểu 04 from the Sở. Rows the user may not see are left out."""
    from khuyencong.clusters.models import Cluster

    today = clock.today()
    area = area_of(province, period)
    found = {
        (s.form, s.cluster_id, s.commune_id): s
        for s in Submission.objects.visible_to(user).filter(
            province=province, year=period.year, period_kind=period.kind
        )
    }
    clusters = (
        Cluster.objects.visible_to(user)
        .filter(province_id__in=area.province_ids, investor__isnull=False, decisions__kind="establishment")
        .distinct()
        .select_related("investor")
        .prefetch_related("communes")
        .order_by("name")
    )
    investor_orgs = investor_organisations(user)
    filer = files_for(user, province) or access_scope(user).superuser
    rows = []

    def row(form, label, submission, *, subject, subject_id, can_open):
        deadline = period.deadline(form)
        status, late, unfiled = standing(submission, deadline, today)
        rows.append(
            {
                "form": form,
                "form_label": ReportForm(form).label,
                "label": label,
                "submission": submission,
                "status": status,
                "status_label": SubmissionStatus(status).label,
                "deadline": deadline,
                "late": late,
                "days_late": (today - deadline).days if late and unfiled else 0,
                "subject": subject,
                "subject_id": subject_id,
                "can_open": submission is None and can_open,
            }
        )

    communes = {}
    for cluster in clusters:
        for form in CLUSTER_FORMS:
            row(
                form,
                f"{cluster.name} – {cluster.investor}",
                found.get((form, cluster.pk, None)),
                subject="cluster",
                subject_id=cluster.pk,
                can_open=cluster.investor_id in investor_orgs or access_scope(user).superuser,
            )
        for commune in cluster.communes.all():
            communes.setdefault(commune.pk, commune)
    current_units = AdminUnit.current_units_of(list(communes.values()))  # one query, not one per commune
    for commune in sorted(communes.values(), key=lambda c: c.name):
        current = (current_units[commune.pk] or [commune])[0]
        row(
            ReportForm.BIEU_03,
            current.full_name,
            found.get((ReportForm.BIEU_03, None, current.pk)),
            subject="commune",
            subject_id=current.pk,
            can_open=filer,
        )
    row(
        ReportForm.BIEU_04,
        province.full_name,
        found.get((ReportForm.BIEU_04, None, None)),
        subject="province",
        subject_id=province.pk,
        can_open=filer,
    )
    return rows
