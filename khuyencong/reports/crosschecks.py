"""Validation rules across records and reports (issue 10): each finding names its rule.

A rule never blocks a save — legacy data legitimately breaks some — but the checks page, the periodic
report page and the API list every finding with the rule's code, label and the records concerned, so an
officer can correct the records before a report is submitted.
"""

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khuyencong.clusters.choices import TenantStatus
from khuyencong.clusters.models import LandRecord, TenantProject
from khuyencong.core.formatting import vn_area, vn_date, vn_number, vnd_to_million
from khuyencong.core.text import fold
from khuyencong.programs.choices import APPROVED_STATES, PaymentKind, Status
from khuyencong.programs.models import Payment, Project

RULES = {
    "occupancy_over_100": _(
        "Land leased to tenants must not exceed the industrial land (occupancy ≤ 100 %)."
    ),
    "disbursed_over_approved": _("Money disbursed must not exceed the support approved for a đề án."),
    "settled_over_disbursed": _("The amount settled for a đề án must not exceed the money disbursed to it."),
    "year_money_order": _(
        "For each plan year: settled ≤ disbursed ≤ support approved (the totals the dashboard shows)."
    ),
    "document_registered_twice": _(
        "A document (number and date) is entered once in a province's register of official documents."
    ),
    "bieu04_vs_bieu03": _("The totals of Form 04 must equal the sum of the Forms 03 it rests on."),
    "plan_decision_missing": _(
        "A cluster in the provincial plan (listed in the plan's catalogue, or with a later legal step) needs"
        " its plan decision's number and date."
    ),
    "supported_twice": _(
        "A facility is not supported twice for the same content in the same year without a note saying why."
    ),
}


def _million(amount_vnd):
    """'1.000' (triệu đồng) from an amount in đồng, as the dashboard writes it."""
    return vn_number(vnd_to_million(amount_vnd), None)


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    url: str

    @property
    def rule_label(self):
        return RULES[self.rule]


def occupancy(province_ids, user):
    """Land records cannot exceed 100 % (a database constraint); across records they can: the tenants'
    leased areas added up against the cluster's newest industrial land."""
    latest = {}
    records = (
        LandRecord.objects.visible_to(user)
        .filter(cluster__province_id__in=province_ids)
        .order_by("cluster_id", "-period_end")
        .values_list("cluster_id", "industrial_land_ha", "period_end")
    )
    for cluster_id, land, day in records:
        latest.setdefault(cluster_id, (land, day))
    leased = (
        TenantProject.objects.visible_to(user)
        .filter(cluster_id__in=latest)
        .exclude(status=TenantStatus.TERMINATED)
        .values("cluster_id", "cluster__name")
        .annotate(total=Sum("leased_area_ha"))
        .order_by("cluster__name")
    )
    for row in leased:
        land, day = latest[row["cluster_id"]]
        if row["total"] and row["total"] > land:
            yield Finding(
                "occupancy_over_100",
                _("%(cluster)s: tenants lease %(leased)s, industrial land on %(day)s is %(land)s.")
                % {
                    "cluster": row["cluster__name"],
                    "day": vn_date(day),
                    "leased": vn_area(row["total"]),
                    "land": vn_area(land),
                },
                reverse("clusters:detail", args=[row["cluster_id"]]),
            )


DISBURSED = (PaymentKind.ADVANCE, PaymentKind.DISBURSEMENT)


def _money(projects):
    """`projects` annotated with `paid` (advances and disbursements) and `settled` (settlements), VND."""
    return projects.annotate(
        paid=Coalesce(Sum("payments__amount_vnd", filter=Q(payments__kind__in=DISBURSED)), 0),
        settled=Coalesce(Sum("payments__amount_vnd", filter=Q(payments__kind=PaymentKind.SETTLEMENT)), 0),
    )


def disbursed(province_ids, user):
    """Per đề án: settled ≤ disbursed ≤ approved (its state support)."""
    projects = _money(Project.objects.visible_to(user).filter(province_id__in=province_ids))
    wrong = projects.filter(Q(paid__gt=F("state_support_vnd")) | Q(settled__gt=F("paid"))).order_by("code")
    for project in wrong:
        url = reverse("programs:project-detail", args=[project.pk])
        if project.paid > project.state_support_vnd:
            yield Finding(
                "disbursed_over_approved",
                _("%(code)s: %(paid)s triệu đồng disbursed, %(approved)s triệu đồng approved.")
                % {
                    "code": project.code,
                    "paid": _million(project.paid),
                    "approved": _million(project.state_support_vnd),
                },
                url,
            )
        if project.settled > project.paid:
            yield Finding(
                "settled_over_disbursed",
                _("%(code)s: %(settled)s triệu đồng settled, %(paid)s triệu đồng disbursed.")
                % {
                    "code": project.code,
                    "settled": _million(project.settled),
                    "paid": _million(project.paid),
                },
                url,
            )


def money_by_year(province_ids, user):
    """Per plan year, the totals the dashboard shows: settled ≤ disbursed ≤ support approved (đề án
    approved and not stopped). A year's totals can break the order while each đề án keeps it (money paid
    to a stopped đề án), and they are what a province reads first."""
    projects = Project.objects.visible_to(user).filter(province_id__in=province_ids)
    years = defaultdict(lambda: {"approved": 0, "paid": 0, "settled": 0})
    carried = projects.filter(status__in=APPROVED_STATES).exclude(status=Status.STOPPED)
    for year, support in carried.values_list("plan_year").annotate(s=Sum("state_support_vnd")).order_by():
        years[year]["approved"] = support or 0
    payments = Payment.objects.visible_to(user).filter(project__province_id__in=province_ids)
    for year, kind, total in (
        payments.values_list("project__plan_year", "kind").annotate(t=Sum("amount_vnd")).order_by()
    ):
        years[year]["settled" if kind == PaymentKind.SETTLEMENT else "paid"] += total or 0
    for year in sorted(years):
        money = years[year]
        if money["settled"] <= money["paid"] <= money["approved"]:
            continue
        yield Finding(
            "year_money_order",
            _(
                "%(year)s: %(settled)s triệu đồng settled, %(paid)s triệu đồng disbursed, %(approved)s triệu"
                " đồng approved."
            )
            % {
                "year": year,
                "settled": _million(money["settled"]),
                "paid": _million(money["paid"]),
                "approved": _million(money["approved"]),
            },
            reverse("programs:project-list") + f"?year={year}",
        )


def registered_twice(province_ids, user):
    """Entries of one province's register of official documents with the same number and date (folded
    number: case, spaces and diacritics aside), whatever their direction: one document entered twice,
    or a letter the Sở sent entered again as received."""
    from khuyencong.correspondence.models import Correspondence

    entries = (
        Correspondence.objects.visible_to(user)
        .filter(province_id__in=province_ids)
        .select_related("cluster_decision", "programme_document", "province")
        .order_by("pk")
    )
    groups = defaultdict(list)
    for entry in entries:
        number, day = entry.ref_number, entry.ref_date
        if number and day:
            groups[(entry.province_id, "".join(fold(number).split()), day)].append(entry)
    for (_province, _number, day), found in sorted(groups.items(), key=lambda item: (item[0][2], item[0][1])):
        if len(found) < 2:
            continue
        first = found[0]
        yield Finding(
            "document_registered_twice",
            _("%(number)s of %(day)s (%(province)s) is entered %(count)s times in the register.")
            % {
                "number": first.ref_number,
                "day": vn_date(day),
                "province": first.province.full_name if first.province else "",
                "count": len(found),
            },
            reverse("correspondence:list") + "?" + urlencode({"q": first.ref_number}),
        )


def supported_twice(province_ids, user):
    Through = Project.beneficiaries.through
    rows = (
        Through.objects.filter(
            project__in=Project.objects.visible_to(user).filter(province_id__in=province_ids),
            project__category__isnull=False,
        )
        .values_list(
            "facility_id", "facility__name", "project__category__name", "project__plan_year", "project_id"
        )
        .order_by("facility_id", "project__plan_year", "project_id")
    )
    groups = defaultdict(list)
    names = {}
    for facility_id, facility, category, year, project_id in rows:
        groups[(facility_id, category, year)].append(project_id)
        names[facility_id] = facility
    repeated = {key: ids for key, ids in groups.items() if len(ids) > 1}
    if not repeated:
        return
    notes, codes = {}, {}
    involved = {pk for ids in repeated.values() for pk in ids}
    for pk, note, code in Project.objects.filter(pk__in=involved).values_list("pk", "note", "code"):
        notes[pk], codes[pk] = note, code
    for (facility_id, category, year), ids in sorted(repeated.items(), key=lambda item: item[0][2]):
        if all(notes.get(pk, "").strip() for pk in ids):
            continue
        yield Finding(
            "supported_twice",
            _("%(facility)s: %(count)s đề án of %(category)s in %(year)s (%(codes)s).")
            % {
                "facility": names[facility_id],
                "count": len(ids),
                "category": category,
                "year": year,
                "codes": ", ".join(codes[pk] for pk in ids),
            },
            reverse("facilities:detail", args=[facility_id]),
        )


def bieu04_vs_bieu03(province_ids, user):
    """Accepted or submitted Forms 04 against the Forms 03 of the same period (when any was filed)."""
    from .models import Submission, SubmissionStatus

    filed = (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED)
    forms04 = list(
        Submission.objects.visible_to(user).filter(
            form="bieu04", province_id__in=province_ids, status__in=filed, cluster=None, commune=None
        )
    )
    if not forms04:
        return
    filed03 = defaultdict(list)  # (province, year, period kind) -> the Forms 03 filed for it, in one query
    for form03 in Submission.objects.filter(
        form="bieu03", province_id__in={f.province_id for f in forms04}, status__in=filed
    ):
        filed03[form03.province_id, form03.year, form03.period_kind].append(form03)
    for form04 in forms04:
        communes = filed03.get((form04.province_id, form04.year, form04.period_kind))
        if not communes:
            continue
        for key in ("count", "tenants", "workers"):
            total04 = form04.figures["totals"]["planned_count" if key == "count" else key]
            total03 = sum(s.figures["totals"][key] for s in communes)
            if total04 != total03:
                yield Finding(
                    "bieu04_vs_bieu03",
                    _("%(report)s: %(key)s is %(a)s in Form 04 but %(b)s in the %(n)s Forms 03.")
                    % {"report": form04, "key": key, "a": total04, "b": total03, "n": len(communes)},
                    form04.get_absolute_url(),
                )


def plan_decision_missing(province_ids, user):
    """Clusters in the plan without a plan decision number: a plan entry of an imported catalogue that
    gave no number ("thiếu số quyết định"), or a later legal step with no plan decision recorded. They
    count as planned in every report; the missing decision is this finding, not a zero."""
    from khuyencong.clusters.choices import MILESTONE, PLAN_KINDS, ClusterStatus
    from khuyencong.clusters.models import Cluster, ClusterDecision

    later = [kind for kind, milestone in MILESTONE.items() if milestone != ClusterStatus.PLANNED]
    numbered = ClusterDecision.objects.filter(cluster=OuterRef("pk"), kind__in=PLAN_KINDS).exclude(number="")
    clusters = (
        Cluster.objects.visible_to(user)
        .filter(province_id__in=province_ids)
        .filter(Q(decisions__kind__in=later) | Q(decisions__kind__in=PLAN_KINDS, decisions__number=""))
        .exclude(Exists(numbered))
        .distinct()
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    for pk, name in clusters:
        yield Finding(
            "plan_decision_missing",
            _("%(cluster)s: in the provincial plan, but without a plan decision number.") % {"cluster": name},
            reverse("clusters:detail", args=[pk]),
        )


CHECKS = [
    occupancy,
    disbursed,
    money_by_year,
    supported_twice,
    bieu04_vs_bieu03,
    plan_decision_missing,
    registered_twice,
]


def run(area, user):
    """Every finding for the provinces of `area` (reports.common.ReportArea) among what `user` may see."""
    findings = []
    for check in CHECKS:
        findings.extend(check(area.province_ids, user))
    return findings
