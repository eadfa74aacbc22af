"""Submitting periodic reports: open a draft, state its figures, submit, return, accept (DOMAIN §2.6).

Who files and who reviews each form is the chain of TT 14/2024/TT-BCT, Điều 3 khoản 3, as amended by
TT 38/2025/TT-BCT (reference_data/reports/chain.json, `Period.chain`):
- Biểu 01: the enterprise investing in the cluster files it for its project (role TENANT); the local People's
  Committee reviews it;
- Biểu 02: the infrastructure investor files it for its cluster (INVESTOR); the local People's Committee
  reviews it (the Sở receives it too and may read it);
- Biểu 03: the local People's Committee files it for its area (COMMUNE_OFFICER); the Sở reviews it;
- Biểu 04 (and the khuyến công results): the Sở files it (PROVINCE_OFFICER, PROMOTION_CENTRE); the central
  agency reviews it.
The local level is the district until 30/6/2025 and the commune from 1/7/2025. Districts have no accounts
(they were abolished on 1/7/2025), so for the periods of the district rule the Sở records what the district
sent and reviews the forms the district received.

Each level builds on what it accepted from the level below (reports/tt14.py). Every step writes a
SubmissionEvent and is recorded in history under `audit.acting_as`, in one transaction with the submission
row locked, so two reviewers cannot both act.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.core import audit, clock
from khuyencong.core.scoping import (
    CENTRAL,
    COMMUNE_OFFICER,
    INVESTOR,
    PROMOTION_CENTRE,
    PROVINCE_OFFICER,
    TENANT,
    access_scope,
)
from khuyencong.geography.models import AdminUnit

from . import periodic, periods, tt14
from .common import ReportArea
from .models import Submission, SubmissionEvent, SubmissionStatus
from .periods import FORM_RULES, Period, ReportForm

FILERS = frozenset({PROVINCE_OFFICER, PROMOTION_CENTRE})
CLUSTER_FORMS = (ReportForm.BIEU_01, ReportForm.BIEU_02)
COMMUNE_FORMS = (ReportForm.BIEU_03,)
CHAIN_FORMS = (ReportForm.BIEU_01, ReportForm.BIEU_02, ReportForm.BIEU_03, ReportForm.BIEU_04)
ACCEPTED = SubmissionStatus.ACCEPTED


class SubmissionError(ValidationError):
    """A step that is not possible in the submission's state; the message says why."""


def area_of(submission_or_province, period):
    """Records of the province and of every province it absorbed count, by today's boundaries."""
    province = getattr(submission_or_province, "province", submission_or_province)
    boundaries = max(period.end, province.valid_from)
    return ReportArea(province, boundaries, frozenset(province.all_predecessor_ids()))


# -- who the user is in the chain (from the request's access scope: no query) -------------------------


def _ids(user, role, attribute):
    return {
        pk for grant in access_scope(user).grants if grant.role == role for pk in getattr(grant, attribute)
    }


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
    return _ids(user, INVESTOR, "organisations")


def tenant_organisations(user):
    """The enterprises whose projects in clusters `user` reports for (Biểu 01)."""
    return _ids(user, TENANT, "organisations")


def local_unit_ids(user):
    """The communes (with the former communes they absorbed) whose People's Committee `user` works for."""
    return _ids(user, COMMUNE_OFFICER, "communes")


def files_for(user, province):
    """Whether `user` files the reports of `province` (one of `filing_provinces`), without a query."""
    return province.valid_to is None and province.pk in _filer_province_ids(user)


def party(submission, step):
    """Who files (`step` "filer") or reviews ("reviewer") the submission under its period's chain rule."""
    forms = submission.period.chain.forms
    if str(submission.form) in forms:
        return forms[str(submission.form)][step]
    return periods.PROVINCE if step == "filer" else periods.CENTRAL  # the khuyến công results


def acts_as(user, who, submission):
    """Whether `user` is `who` (a party of the chain) for this submission, without a query."""
    scope = access_scope(user)
    if scope.superuser:
        return True
    if who == periods.TENANT:
        project = submission.tenant_project
        return project is not None and project.investor_id in tenant_organisations(user)
    if who == periods.INVESTOR:
        return submission.cluster_id is not None and submission.cluster.investor_id in investor_organisations(
            user
        )
    if who == periods.LOCAL:
        if submission.period.chain.local_has_accounts and submission.commune_id is not None:
            return submission.commune_id in local_unit_ids(user)
        # No account at that level (the districts, abolished) or no known commune: the Sở acts for it.
        return files_for(user, submission.province)
    if who == periods.PROVINCE:
        return files_for(user, submission.province)
    return is_reviewer(user)


def can_file(submission, user):
    """Whether `user` files this submission (opens, edits, submits it)."""
    return acts_as(user, party(submission, "filer"), submission)


def can_review(submission, user):
    """Whether `user` returns or accepts it: the level above its filer in the chain."""
    return acts_as(user, party(submission, "reviewer"), submission)


def party_label(submission_or_rule, who):
    rule = getattr(submission_or_rule, "period", None)
    rule = rule.chain if rule is not None else submission_or_rule
    return {
        periods.TENANT: _("Enterprise investing in the cluster"),
        periods.INVESTOR: _("Infrastructure investor"),
        periods.LOCAL: rule.local_name,
        periods.PROVINCE: _("Department of Industry and Trade"),
        periods.CENTRAL: _("Central agency"),
    }[who]


# -- the local unit of a cluster (who receives its Biểu 01, 02 and counts it in its Biểu 03) -------------


def clusters_with_communes(queryset):
    return queryset.prefetch_related(
        Prefetch("communes", queryset=AdminUnit.objects.select_related("parent").order_by("code"))
    )


def local_units(clusters, period):
    """{cluster id: its local unit for `period`, or None}: under the commune rule, today's commune of its
    communes (the first by code when it spans several); under the district rule, the district its commune lay
    in. `clusters` come with their communes prefetched (`clusters_with_communes`); two queries at most."""
    level = period.chain.local_level
    communes = {c.pk: c for cluster in clusters for c in cluster.communes.all()}
    current = AdminUnit.current_units_of(list(communes.values())) if level == "commune" else {}
    found = {}
    for cluster in clusters:
        units = []
        for commune in cluster.communes.all():
            if level == "commune":
                units += [u for u in current.get(commune.pk, []) if u.level == "commune"]
            elif commune.parent is not None and commune.parent.level == "district":
                units.append(commune.parent)
        found[cluster.pk] = min(units, key=lambda u: u.code) if units else None
    return found


def local_unit_of(cluster, period):
    from khuyencong.clusters.models import Cluster

    clusters = list(clusters_with_communes(Cluster.objects.filter(pk=cluster.pk)))
    return local_units(clusters, period).get(cluster.pk)


# -- figures ----------------------------------------------------------------------------------------


def _accepted_below(period, **where):
    """{form: [totals]} of the accepted submissions of the period matching `where`."""
    filed = {}
    accepted = Submission.objects.filter(
        year=period.year, period_kind=period.kind, status=ACCEPTED, **where
    ).values_list("form", "figures")
    for form, figures in accepted.order_by("pk"):
        filed.setdefault(form, []).append(figures.get("totals", {}))
    return filed


def _facts_by_unit(area, period):
    """(facts of the area's clusters, {cluster id: local unit}) as of the period's end."""
    from khuyencong.clusters.models import Cluster

    clusters = []

    def kinds_of(ids):  # the clusters with their communes, read once for their type and their local unit
        clusters.extend(clusters_with_communes(Cluster.objects.filter(pk__in=ids)))
        return {c.pk: c.kind for c in clusters}

    facts = tt14.cluster_facts(area, period, kinds_of)
    return facts, local_units(clusters, period)


def _expected_0102(facts):
    from khuyencong.clusters.models import Cluster

    with_investor = set(
        Cluster.objects.filter(
            pk__in=[f["id"] for f in facts if f["established"]], investor__isnull=False
        ).values_list("pk", flat=True)
    )
    return {"bieu01": sum(f["tenants"] for f in facts), "bieu02": len(with_investor)}


def live_figures(submission, *, narrative=True):
    """The figures of the submission computed now; `narrative=False` leaves out Biểu 04's paragraph (the
    comparison with frozen figures reads only the lines)."""
    period = submission.period
    form = ReportForm(submission.form)
    receiver = submission.commune.full_name if submission.commune_id else None
    if form == ReportForm.BIEU_01:
        data = tt14.build_bieu01(submission.tenant_project, period, submission.entries, receiver)
        return {**data, "province": area_of(submission, period).as_json()}
    if form == ReportForm.BIEU_02:
        data = tt14.build_bieu02(submission.cluster, period, submission.entries, receiver)
        return {**data, "province": area_of(submission, period).as_json()}
    area = area_of(submission, period)
    if form == ReportForm.BIEU_03:
        facts, units = _facts_by_unit(area, period)
        unit = submission.commune
        own = [f for f in facts if units.get(f["id"]) is not None and units[f["id"]].pk == unit.pk]
        filed = _accepted_below(period, commune=unit, form__in=CLUSTER_FORMS)
        return tt14.build_bieu03(area, period, unit, own, filed, _expected_0102(own))
    if form == ReportForm.BIEU_04:
        from . import cluster_report

        facts, units = _facts_by_unit(area, period)
        filed = _accepted_below(period, province=submission.province, form=ReportForm.BIEU_03)
        expected = {"bieu03": len({u.pk for u in units.values() if u is not None})}
        text = cluster_report.to_text(cluster_report.build(area, as_of=period.end)) if narrative else ""
        return tt14.build_bieu04(area, period, facts, filed, expected, text)
    return periodic.build(form, area, period)


# -- steps --------------------------------------------------------------------------------------------


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


NOT_YOURS = _("You do not file this report: the chain of TT 14/2024 gives it to another level.")


def _check_filer(submission, actor):
    if not can_file(submission, actor):
        raise PermissionDenied(NOT_YOURS)


def _current_province(unit):
    province = unit.province if unit.level != "province" else unit
    return (province.current_units() or [province])[0]


@transaction.atomic
def open_draft(*, form, period, province=None, cluster=None, commune=None, tenant_project=None, actor):
    """The submission for `form` and `period` about `tenant_project` (Biểu 01), `cluster` (Biểu 02),
    `commune` (Biểu 03: a commune, or a district under the district rule) or `province` (Biểu 04, khuyến
    công), created as a draft if new: its figures from the records, the filer's lines prefilled from them."""
    form = ReportForm(form)
    if period.kind not in FORM_RULES[form].kinds:
        raise SubmissionError(_("This form has no report for that period."), code="period")
    subject = FORM_RULES[form].subject
    entries = {}
    local = None
    if subject == "tenant_project":
        if tenant_project is None:
            raise SubmissionError(
                _("Choose the investment project this report is about."), code="tenant_project"
            )
        cluster = tenant_project.cluster
        province, local = _current_province(cluster.province), local_unit_of(cluster, period)
        key = {"tenant_project": tenant_project}
        entries = tt14.prefill_bieu01(tenant_project, period)
    elif subject == "cluster":
        if cluster is None:
            raise SubmissionError(_("Choose the cluster this report is about."), code="cluster")
        province, local = _current_province(cluster.province), local_unit_of(cluster, period)
        key = {"cluster": cluster}
        entries = tt14.prefill_bieu02(cluster, period)
    elif subject == "commune":
        level = period.chain.local_level
        if commune is None or commune.level != level:
            message = (
                _("Choose the commune this report is about.")
                if level == "commune"
                else _("Before 1/7/2025 this report is filed by the district: choose the district.")
            )
            raise SubmissionError(message, code="commune")
        province = _current_province(commune)
        key = {"commune": commune}
    else:
        if province is None or not province.is_current or province.level != "province":
            raise SubmissionError(_("Reports are filed by today's provinces."), code="province")
        key = {}
    submission = Submission(
        form=form,
        period_kind=period.kind,
        year=period.year,
        province=province,
        deadline=period.deadline(form),
        status=SubmissionStatus.DRAFT,
        entries={k: v for k, v in entries.items() if v is not None},
        **key,
    )
    if local is not None:
        submission.commune = local
    if not can_file(submission, actor):
        raise PermissionDenied(NOT_YOURS)
    lookup = {"form": form, "period_kind": period.kind, "year": period.year, **key}
    if subject == "province":
        lookup.update(province=province, cluster=None, commune=None, tenant_project=None)
    elif subject == "commune":
        lookup.update(cluster=None, tenant_project=None)
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
def save_draft(submission, *, actor, difficulties, proposals, entries=None):
    """Record what the records cannot know (the filer's lines of Biểu 01 and 02, difficulties, proposals)
    and refresh the figures. A bad figure raises ValidationError naming its line; nothing is written."""
    _check_filer(submission, actor)
    submission = _locked(submission)
    if not submission.is_open_for_edit:
        raise SubmissionError(_("A submitted or accepted report cannot be changed."), code="state")
    if entries is not None and tt14.entered_lines(submission.form):
        values, errors = tt14.clean_entries(submission.form, entries)
        if errors:
            raise ValidationError(errors)
        submission.entries = {k: v for k, v in values.items() if v is not None}
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
    missing = tt14.missing_entries(submission.form, submission.entries)
    if missing:
        raise SubmissionError(
            _("Fill in every line of the form before submitting: %(lines)s.")
            % {"lines": "; ".join(f"{line.no}. {line.label}" for line in missing)},
            code="missing",
        )
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
        raise PermissionDenied(_("Only the level that receives this report reviews it."))
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
        raise SubmissionError(_("Say what the filer must correct."), code="comment")
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
    return periodic.differences(submission.figures, live_figures(submission, narrative=False))


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
        provinces = provinces.filter(pk__in=_filer_province_ids(user))
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


def period_from(code):
    try:
        return Period.parse(code)
    except ValueError as exc:
        raise SubmissionError(_("Unknown report period."), code="period") from exc


def subject_for(user, form, data):
    """What a filer's "prepare the draft" form names (project, cluster, commune or province), among what the
    user may see; whether the user files it is `open_draft`'s check."""
    from khuyencong.clusters.models import Cluster, TenantProject

    subject = FORM_RULES[ReportForm(form)].subject
    raw = str(data.get(subject) or "")
    if not raw.isdigit():
        return None
    if subject == "tenant_project":
        project = (
            TenantProject.objects.visible_to(user).filter(pk=raw).select_related("cluster__province").first()
        )
        return {"tenant_project": project} if project else None
    if subject == "cluster":
        cluster = Cluster.objects.visible_to(user).filter(pk=raw).select_related("province").first()
        return {"cluster": cluster} if cluster else None
    if subject == "commune":
        unit = (
            AdminUnit.objects.filter(pk=raw, level__in=("commune", "district"))
            .select_related("province")
            .first()
        )
        return {"commune": unit} if unit else None
    province = filing_provinces(user).filter(pk=raw).first()
    return {"province": province} if province else None
