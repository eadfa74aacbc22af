"""Promotion section: money by plan year, đề án by status and content, stops and adjustments, overdue."""

from collections import defaultdict

from django.db import connection
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khuyencong.core import clock
from khuyencong.programs.choices import APPROVED_STATES, OPEN_STATES, PaymentKind, Status
from khuyencong.programs.models import ContentCategory, Payment, Plan

from .base import _projects, link

DISBURSED_KINDS = (PaymentKind.ADVANCE, PaymentKind.DISBURSEMENT)
OVERDUE_LISTED = 10


def promotion_section(area, user, year=None, today=None):
    """Promotion: money by plan year, đề án by status and content, stops and adjustments, overdue."""
    today = today or clock.today()
    projects = _projects(area, user, year)
    approved = Q(status__in=APPROVED_STATES)
    carried = approved & ~Q(status=Status.STOPPED)
    overdue = Q(status__in=OPEN_STATES, end_date__lt=today)

    # One grouped query gives the tables by status and by plan year and the counts of stops, adjustments
    # and overdue đề án: every one of them is a function of (status, plan year) but two, counted per group.
    by_status, years = {}, defaultdict(dict)
    changes = dict.fromkeys(
        ("total", "stopped", "stop_requested", "adjustment_requested", "adjusted", "overdue"), 0
    )
    for status, plan_year, count, support, adjusted, late in (
        projects.values_list("status", "plan_year")
        .annotate(
            count=Count("pk"),
            support=Sum("state_support_vnd"),
            adjusted=Count("pk", filter=Q(version_number__gt=1)),
            overdue=Count("pk", filter=overdue),
        )
        .order_by()
    ):
        entry = by_status.setdefault(status, {"count": 0, "support": None})
        entry["count"] += count
        if support is not None:
            entry["support"] = (entry["support"] or 0) + support
        per_year = years[plan_year]
        per_year["count"] = per_year.get("count", 0) + count
        if status in APPROVED_STATES:
            per_year["approved"] = per_year.get("approved", 0) + count
            if status != Status.STOPPED and support is not None:
                per_year["support"] = (per_year.get("support") or 0) + support
        changes["total"] += count
        changes["adjusted"] += adjusted
        changes["overdue"] += late
        if status in ("stopped", "stop_requested", "adjustment_requested"):
            changes[status] += count
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
    # By content category: grouped by the id alone, the few names read after (not joined into the
    # grouping), ordered as the database orders the category number (no category: NULL, first or last).
    grouped = list(
        projects.values_list("category_id")
        .annotate(count=Count("pk"), support=Sum("state_support_vnd", filter=carried))
        .order_by()
    )
    labels = {
        pk: (number, name)
        for pk, number, name in ContentCategory.objects.filter(
            pk__in=[category for category, _count, _support in grouped if category is not None]
        ).values_list("pk", "number", "name")
    }
    nulls_last = connection.features.nulls_order_largest

    def order(row):
        number = labels[row[0]][0] if row[0] is not None else None
        return (number is None) == nulls_last, number or 0, row[0] or 0

    categories = [
        {
            "id": category,
            "label": f"{labels[category][0]}. {labels[category][1]}"
            if category
            else _("No content category"),
            "count": count,
            "support_vnd": support or 0,
            "href": link("programs:project-list", area, year=year, category=category or "null"),
        }
        for category, count, support in sorted(grouped, key=order)
    ]
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
