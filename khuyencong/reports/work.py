"""The home's "my work" and panels from periodic reports (core.work provider).

- Province officers: their province's reports to file (by the legal deadlines of `reports.due`), reports sent
  back to them, and the investors' and communes' reports (Biểu 01–03) waiting for their review.
- The central agency: the provinces' reports waiting for review, and first on the home the reporting status
  of the 34 provinces for the current period (Biểu 04).
- An investor: their clusters' Biểu 01 and 02 to file, and a panel of their clusters with those reports.
- Tenants (Biểu 01 for their project) and commune officers (Biểu 03): their own drafts and returned reports.
"""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.core.scoping import COMMUNE_OFFICER, TENANT, access_scope
from khuyencong.core.work import DUE, OVERDUE, WAITING, Panel, WorkEntry

from . import due, submissions
from .models import Submission, SubmissionStatus
from .periods import FORM_RULES, ReportForm, recent_periods

REVIEWED_BY_PROVINCE = submissions.CLUSTER_FORMS + submissions.COMMUNE_FORMS


def current_period(form, today):
    """The period the reports page shows first for `form` (the latest one)."""
    return next(p for p in recent_periods(today, count=6) if p.kind in FORM_RULES[form].kinds)


def _submissions_url(form=None, period=None):
    url = reverse("reports:submissions")
    return f"{url}?form={form}&period={period.code}" if form and period else url


def entries(user, today):
    found = []
    url = _submissions_url()
    if submissions.filing_provinces(user).exists():
        items = list(due.items(user, today, today + timedelta(days=30)))
        late = sum(1 for item in items if item.due < today)
        found.append(
            WorkEntry(
                "reports:to-file",
                _("Periodic reports to file"),
                len(items),
                url,
                OVERDUE if late else DUE,
                order=10,
                detail=_("%(count)s past the deadline") % {"count": late} if late else "",
            )
        )
    found += _cluster_reports(user, today)
    found += _own_subject_reports(user)
    review = Q(pk__in=[])
    if submissions.is_reviewer(user):
        review |= ~Q(form__in=REVIEWED_BY_PROVINCE)
    filer_provinces = submissions._filer_province_ids(user)
    if filer_provinces:
        review |= Q(form__in=REVIEWED_BY_PROVINCE, province_id__in=filer_provinces)
    counts = Submission.objects.visible_to(user).aggregate(
        to_review=Count("pk", filter=review & Q(status=SubmissionStatus.SUBMITTED)),
    )
    returned = Submission.objects.editable_by(user).filter(status=SubmissionStatus.RETURNED).count()
    found += [
        WorkEntry("reports:to-review", _("Reports to review"), counts["to_review"], url, WAITING, order=10),
        WorkEntry("reports:returned", _("Reports returned for correction"), returned, url, OVERDUE, order=5),
    ]
    return found


def _cluster_reports(user, today):
    """An investor's Biểu 01 and 02 for the current period, still to file."""
    rows = _cluster_rows(user, today)
    if rows is None:
        return []
    unfiled = [r for r in rows if r["status"] in submissions.UNFILED]
    late = sum(1 for r in unfiled if r["late"])
    return [
        WorkEntry(
            "reports:cluster-to-file",
            _("Cluster reports to file"),
            len(unfiled),
            _submissions_url(),
            OVERDUE if late else DUE,
            order=10,
            detail=_("%(count)s past the deadline") % {"count": late} if late else "",
        )
    ]


def _cluster_rows(user, today):
    if not submissions.investor_organisations(user):
        return None
    period = current_period(ReportForm.BIEU_01, today)
    return [
        row
        for province in submissions.chain_provinces(user)
        for row in submissions.chain(province, period, user)
        if row["form"] in submissions.CLUSTER_FORMS
    ]


def panels(user, today):
    found = []
    if submissions.is_reviewer(user):
        form = ReportForm.BIEU_04
        period = current_period(form, today)
        rows = submissions.overview(form, period, user)
        counts = {status: 0 for status in SubmissionStatus.values}
        for row in rows:
            counts[row["status"]] += 1
        found.append(
            Panel(
                "reports:provinces",
                "reports/_home_provinces.html",
                {
                    "rows": rows,
                    "form_label": ReportForm(form).label,
                    "period": period,
                    "deadline": period.deadline(form),
                    "counts": [(SubmissionStatus(s).label, s, n) for s, n in counts.items() if n],
                    "late": sum(1 for row in rows if row["late"]),
                    "url": _submissions_url(form, period),
                },
                order=0,
            )
        )
    rows = _cluster_rows(user, today)
    if rows is not None:
        from khuyencong.clusters.models import Cluster

        clusters = (
            Cluster.objects.visible_to(user)
            .filter(investor_id__in=submissions.investor_organisations(user))
            .select_related("province")
            .order_by("name")
        )
        found.append(
            Panel(
                "reports:my-clusters",
                "reports/_home_clusters.html",
                {
                    "clusters": list(clusters),
                    "rows": rows,
                    "period": current_period(ReportForm.BIEU_01, today),
                    "url": _submissions_url(),
                },
                order=0,
            )
        )
    return found


def _own_subject_reports(user):
    """A tenant's Biểu 01 (its project) and a commune officer's Biểu 03 (its commune) still open: drafts
    and returned ones it may edit. Counted through `editable_by`, so it shows once Submission declares the
    tenant and commune paths of core.scoping (the TT 14/2024 reporting chain)."""
    if not access_scope(user).roles() & {TENANT, COMMUNE_OFFICER}:
        return []
    count = (
        Submission.objects.editable_by(user)
        .filter(form__in=REVIEWED_BY_PROVINCE, status__in=(SubmissionStatus.DRAFT, SubmissionStatus.RETURNED))
        .count()
    )
    return [
        WorkEntry("reports:own-to-finish", _("Your reports to finish"), count, _submissions_url(), DUE, 10)
    ]
