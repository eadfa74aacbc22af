"""The home's "my work" and panels from periodic reports (core.work provider), following the reporting
chain of TT 14/2024 (reports.submissions: who files and who reviews each form).

- Province officers: their province's reports to file (Biểu 04 and the khuyến công results, by the legal
  deadlines of `reports.due`), reports sent back to them, and the reports below them waiting for review.
- The central agency: the provinces' reports waiting for review, and first on the home the reporting status
  of the 34 provinces for the current period (Biểu 04).
- The enterprise in a cluster (Biểu 01 of its project), the infrastructure investor (Biểu 02 of its cluster)
  and the commune officer (Biểu 03 of the commune): their reports of the current period still to file, and a
  panel of their clusters with those reports.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.core.scoping import CENTRAL, COMMUNE_OFFICER, INVESTOR, TENANT, access_scope
from khuyencong.core.work import DUE, OVERDUE, WAITING, Panel, WorkEntry

from . import chain, due, submissions
from .models import Submission, SubmissionStatus
from .periods import FORM_RULES, ReportForm, recent_periods

# The levels below the province, who file about a project, a cluster or a commune.
BELOW_PROVINCE = frozenset({TENANT, INVESTOR, COMMUNE_OFFICER})
CHAIN_BELOW = (ReportForm.BIEU_01, ReportForm.BIEU_02, ReportForm.BIEU_03)
_CHAIN_MEMO = "_home_chain_rows"


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
    rows = _chain_rows(user, today)
    if rows is not None:
        mine = [r for r in rows if r["status"] in submissions.UNFILED and _files(r, user)]
        late = sum(1 for r in mine if r["late"])
        found.append(
            WorkEntry(
                "reports:chain-to-file",
                _("Cluster reports to file"),
                len(mine),
                url,
                OVERDUE if late else DUE,
                order=10,
                detail=_("%(count)s past the deadline") % {"count": late} if late else "",
            )
        )
    # Reports waiting for a step of this user: one query each, the chain's rule is read without one.
    related = ("province", "cluster", "tenant_project", "commune")
    submitted = Submission.objects.visible_to(user).filter(status=SubmissionStatus.SUBMITTED)
    returned = Submission.objects.editable_by(user).filter(status=SubmissionStatus.RETURNED)
    to_review = sum(1 for s in submitted.select_related(*related) if submissions.can_review(s, user))
    to_correct = sum(1 for s in returned.select_related(*related) if submissions.can_file(s, user))
    found += [
        WorkEntry("reports:to-review", _("Reports to review"), to_review, url, WAITING, order=10),
        WorkEntry(
            "reports:returned", _("Reports returned for correction"), to_correct, url, OVERDUE, order=5
        ),
    ]
    return found


def _files(row, user):
    return row["can_open"] or (
        row["submission"] is not None and submissions.can_file(row["submission"], user)
    )


def _chain_rows(user, today):
    """The chain's Biểu 01–03 of the current period that concern a user of the levels below the province
    (None for others: the province's and the central agency's chains are on the reports pages)."""
    roles = access_scope(user).roles()
    if not roles & BELOW_PROVINCE or CENTRAL in roles:
        return None
    memo = user.__dict__.get(_CHAIN_MEMO)
    if memo is not None and memo[0] == today:  # the home asks twice (entries, panels) in one request
        return memo[1]
    period = current_period(ReportForm.BIEU_02, today)
    rows = [
        row
        for province in chain.chain_provinces(user)
        for row in chain.chain(province, period, user)
        if row["form"] in CHAIN_BELOW
    ]
    user.__dict__[_CHAIN_MEMO] = (today, rows)
    return rows


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
    rows = _chain_rows(user, today)
    if rows is not None:
        from khuyencong.clusters.models import Cluster

        clusters = Cluster.objects.visible_to(user).select_related("province").order_by("name")[:20]
        found.append(
            Panel(
                "reports:my-clusters",
                "reports/_home_clusters.html",
                {
                    "clusters": list(clusters),
                    "rows": rows,
                    "period": current_period(ReportForm.BIEU_02, today),
                    "url": _submissions_url(),
                },
                order=0,
            )
        )
    return found
