"""Promotion section: money by plan year, đề án by status and content, stops and adjustments, overdue."""

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khuyencong.programs.choices import APPROVED_STATES, OPEN_STATES, PaymentKind, Status
from khuyencong.programs.models import Payment, Plan

from .base import _projects, link

DISBURSED_KINDS = (PaymentKind.ADVANCE, PaymentKind.DISBURSEMENT)
OVERDUE_LISTED = 10


def promotion_section(area, user, year=None, today=None):
    """Promotion: money by plan year, đề án by status and content, stops and adjustments, overdue."""
    today = today or date.today()
    projects = _projects(area, user, year)
    approved = Q(status__in=APPROVED_STATES)
    carried = approved & ~Q(status=Status.STOPPED)
    overdue = Q(status__in=OPEN_STATES, end_date__lt=today)

    by_status = {
        row["status"]: row
        for row in projects.values("status")
        .annotate(count=Count("pk"), support=Sum("state_support_vnd"))
        .order_by()
    }
    statuses = [
        {
            "status": status.value,
            "label": status.label,
            "count": by_status[status.value]["count"],
            "support_vnd": by_status[status.value]["support"] or 0,
            "href": link("programs:project-list", area, year=year, status=status.value),
        }
        for status in Status
        if status.value in by_status
    ]
    categories = [
        {
            "id": row["category_id"],
            "label": f"{row['category__number']}. {row['category__name']}"
            if row["category_id"]
            else _("No content category"),
            "count": row["count"],
            "support_vnd": row["support"] or 0,
            "href": link("programs:project-list", area, year=year, category=row["category_id"] or "null"),
        }
        for row in projects.values("category_id", "category__number", "category__name")
        .annotate(count=Count("pk"), support=Sum("state_support_vnd", filter=carried))
        .order_by("category__number", "category_id")
    ]

    years = defaultdict(dict)
    for row in (
        projects.values("plan_year")
        .annotate(
            count=Count("pk"),
            approved=Count("pk", filter=approved),
            support=Sum("state_support_vnd", filter=carried),
        )
        .order_by()
    ):
        years[row["plan_year"]].update(count=row["count"], approved=row["approved"], support=row["support"])
    payments = area.restrict(Payment.objects.visible_to(user), "project__province_id")
    if year:
        payments = payments.filter(project__plan_year=year)
    for row in payments.values("project__plan_year", "kind").annotate(total=Sum("amount_vnd")).order_by():
        key = "disbursed" if row["kind"] in DISBURSED_KINDS else "settled"
        entry = years[row["project__plan_year"]]
        entry[key] = entry.get(key, 0) + (row["total"] or 0)
    plans = area.restrict(Plan.objects.visible_to(user))
    if year:
        plans = plans.filter(year=year)
    for row in plans.values("year").annotate(budget=Sum("budget_vnd"), plans=Count("pk")).order_by():
        years[row["year"]].update(budget=row["budget"] or 0, plans=row["plans"])
    by_year = [
        {
            "year": plan_year,
            "plans": years[plan_year].get("plans", 0),
            "budget_vnd": years[plan_year].get("budget", 0),
            "count": years[plan_year].get("count", 0),
            "approved": years[plan_year].get("approved", 0),
            "support_vnd": years[plan_year].get("support") or 0,
            "disbursed_vnd": years[plan_year].get("disbursed", 0),
            "settled_vnd": years[plan_year].get("settled", 0),
            "href": link("programs:project-list", area, year=plan_year),
            "plans_href": link("programs:plan-list", area, year=plan_year),
        }
        for plan_year in sorted(years)
    ]

    changes = projects.order_by().aggregate(
        total=Count("pk"),
        stopped=Count("pk", filter=Q(status=Status.STOPPED)),
        stop_requested=Count("pk", filter=Q(status=Status.STOP_REQUESTED)),
        adjustment_requested=Count("pk", filter=Q(status=Status.ADJUSTMENT_REQUESTED)),
        adjusted=Count("pk", filter=Q(version_number__gt=1)),
        overdue=Count("pk", filter=overdue),
    )
    project_list = "programs:project-list"
    stops = [
        {
            "key": "stopped",
            "label": _("Stopped"),
            "count": changes["stopped"],
            "href": link(project_list, area, year=year, status=Status.STOPPED.value),
        },
        {
            "key": "stop_requested",
            "label": _("Stop requested, not yet decided"),
            "count": changes["stop_requested"],
            "href": link(project_list, area, year=year, status=Status.STOP_REQUESTED.value),
        },
        {
            "key": "adjustment_requested",
            "label": _("Adjustment requested, not yet decided"),
            "count": changes["adjustment_requested"],
            "href": link(project_list, area, year=year, status=Status.ADJUSTMENT_REQUESTED.value),
        },
        {
            "key": "adjusted",
            "label": _("Adjusted (an adjustment was approved)"),
            "count": changes["adjusted"],
            "href": link(project_list, area, year=year, adjusted="true"),
        },
    ]
    late = list(
        projects.filter(overdue)
        .order_by("end_date", "code")
        .values("pk", "code", "title", "end_date", "status", "province__name")[:OVERDUE_LISTED]
    )
    labels = dict(Status.choices)
    for row in late:
        row["href"] = reverse("programs:project-detail", args=[row["pk"]])
        row["status_label"] = labels.get(row["status"], row["status"])
    return {
        "year": year,
        "total": changes["total"],
        "href": link(project_list, area, year=year),
        "by_status": statuses,
        "by_category": categories,
        "by_year": by_year,
        "stops": stops,
        "overdue": {
            "count": changes["overdue"],
            "href": link(project_list, area, year=year, overdue="true"),
            "rows": late,
            "definition": _(
                "Approved, contracted or in progress (or with a pending adjustment or stop request) "
                "and past its end date."
            ),
        },
    }
