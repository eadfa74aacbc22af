"""Field network sections: collaborator coverage (surveys) and inspection recommendations."""

from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Max, Q

from khuyencong.core import clock
from khuyencong.core.scoping import access_scope
from khuyencong.geography.models import AdminUnit, Succession

from .base import TWO, link


def collaborator_coverage(area, user, today=None):
    """Collaborator coverage: communes (valid on the boundaries date) with and without an active
    collaborator, active collaborators, establishments per collaborator, surveys and the last one.

    A commune counts as covered when a collaborator serves it or a former commune it absorbed.
    Returns None while `khuyencong.surveys` is not installed, or for users whose roles do not see
    collaborators; the template then omits the section.
    """
    if not apps.is_installed("khuyencong.surveys"):
        return None
    collaborator_model = apps.get_model("surveys", "Collaborator")
    allowed = getattr(collaborator_model, "scope_view_roles", None)
    scope = access_scope(user)
    if allowed is not None and not scope.superuser and not (scope.roles() & set(allowed)):
        return None
    commune_model = apps.get_model("surveys", "CollaboratorCommune")
    response_model = apps.get_model("surveys", "SurveyResponse")
    facility_model = apps.get_model("facilities", "Facility")
    today = today or clock.today()
    active = Q(active_from__lte=today) & (Q(active_to__isnull=True) | Q(active_to__gte=today))
    serving = (
        commune_model.objects.visible_to(user)
        .filter(valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .filter(collaborator__in=collaborator_model.objects.filter(active))
    )
    # Served communes, and the communes that absorbed one: two sets the database builds once (instead of
    # two correlated EXISTS per commune of the country).
    served = serving.values("commune_id")
    absorbing = Succession.objects.filter(predecessor_id__in=served).values("successor_id")
    communes = AdminUnit.objects.communes().valid_on(area.boundaries)
    if not area.national:
        communes = communes.filter(province_id__in=area.report_area.province_ids)
    counts = communes.order_by().aggregate(
        total=Count("pk"),
        covered=Count("pk", filter=Q(pk__in=served) | Q(pk__in=absorbing)),
    )
    collaborators = area.restrict(collaborator_model.objects.visible_to(user)).filter(active).count()
    facilities = area.restrict(facility_model.objects.visible_to(user)).count()
    surveys = area.restrict(response_model.objects.visible_to(user)).aggregate(
        count=Count("pk"), last=Max("captured_at")
    )
    province = {} if area.national else {"province": area.province.pk}
    return {
        "communes": counts["total"],
        "covered": counts["covered"],
        "uncovered": counts["total"] - counts["covered"],
        "pct": (Decimal(counts["covered"] * 100) / counts["total"]).quantize(TWO)
        if counts["total"]
        else None,
        "collaborators": collaborators,
        "facilities": facilities,
        "facilities_per_collaborator": (Decimal(facilities) / collaborators).quantize(Decimal("0.1"))
        if collaborators
        else None,
        "surveys": surveys["count"],
        "last_survey": surveys["last"],
        "coverage_href": link("surveys:home", **province),
        "collaborators_href": link("surveys:collaborator-list", active="true", **province),
        "surveys_href": link("surveys:response-list", **province),
        "facilities_href": link("facilities:list", area),
    }


def recommendations(area, user, today=None):
    """Inspection recommendations (kiến nghị) and local proposals in the area: open ones by status and
    the overdue ones (deadline passed, not closed), each linked to the recommendation list.

    Returns None while `khuyencong.inspections` is not installed; the template then omits the section.
    """
    if not apps.is_installed("khuyencong.inspections"):
        return None
    from khuyencong.inspections.models import OPEN_RECOMMENDATION_STATES, Recommendation

    today = today or clock.today()
    records = area.restrict(Recommendation.objects.visible_to(user))
    open_states = [str(state) for state in OPEN_RECOMMENDATION_STATES]
    grouped = {
        row["status"]: row["count"] for row in records.values("status").annotate(count=Count("pk")).order_by()
    }
    overdue = records.overdue(today).count()
    labels = dict(Recommendation._meta.get_field("status").choices)
    rows = [
        {
            "status": state,
            "label": labels.get(state, state),
            "count": grouped.get(state, 0),
            "href": link("inspections:recommendation-list", area, status=state),
        }
        for state in open_states
    ]
    return {
        "open": sum(row["count"] for row in rows),
        "by_status": rows,
        "overdue": overdue,
        "overdue_href": link("inspections:recommendation-list", area, overdue="true"),
        "href": link("inspections:recommendation-list", area),
    }
