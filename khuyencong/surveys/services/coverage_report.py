"""Coverage of a province by the field network: collaborators, establishments and surveys per commune."""

from django.db.models import Count, Max

from khuyencong.core import clock
from khuyencong.facilities.models import Facility
from khuyencong.geography.models import AdminUnit, Succession

from ..models import CollaboratorCommune, SurveyResponse


def _predecessor_map(unit_ids):
    """{unit id: set of itself and every unit it absorbed}, in a few queries for a whole province."""
    mapping = {unit_id: {unit_id} for unit_id in unit_ids}
    owner = {unit_id: unit_id for unit_id in unit_ids}
    frontier = set(unit_ids)
    while frontier:
        links = list(
            Succession.objects.filter(successor_id__in=frontier).values_list("predecessor_id", "successor_id")
        )
        frontier = set()
        for predecessor, successor in links:
            root = owner[successor]
            if predecessor not in mapping[root]:
                mapping[root].add(predecessor)
                owner.setdefault(predecessor, root)
                frontier.add(predecessor)
    return mapping


def coverage(province, *, user, day=None):
    """Per commune of `province` (units valid on `day`): collaborators serving it, establishments,
    survey responses and the last survey date; plus per collaborator: communes, establishments, surveys.

    Records placed in former communes (before 1/7/2025) count in the commune that absorbed them. Every
    count goes through the user's scope."""
    day = day or clock.today()
    communes = list(AdminUnit.objects.communes().valid_on(day).filter(province=province).order_by("name"))
    mapping = _predecessor_map([c.pk for c in communes])
    root_of = {old: root for root, olds in mapping.items() for old in olds}
    all_ids = list(root_of)

    serving = {}
    commune_rows = (
        CollaboratorCommune.objects.visible_to(user)
        .active(day)
        .filter(commune_id__in=all_ids, collaborator__active_from__lte=day)
        .select_related("collaborator")
    )
    for row in commune_rows:
        if row.collaborator.is_active_on(day):
            serving.setdefault(root_of[row.commune_id], {})[row.collaborator_id] = row.collaborator
    facilities = _count_by(Facility.objects.visible_to(user).filter(commune_id__in=all_ids), root_of)
    responses = SurveyResponse.objects.visible_to(user).filter(commune_id__in=all_ids)
    surveys, last = {}, {}
    for row in responses.values("commune_id").annotate(n=Count("id"), last=Max("captured_at")):
        root = root_of[row["commune_id"]]
        surveys[root] = surveys.get(root, 0) + row["n"]
        last[root] = max(filter(None, (last.get(root), row["last"])))

    rows = [
        {
            "commune": commune,
            "collaborators": sorted(serving.get(commune.pk, {}).values(), key=lambda c: c.full_name),
            "facilities": facilities.get(commune.pk, 0),
            "surveys": surveys.get(commune.pk, 0),
            "last_survey": last.get(commune.pk),
        }
        for commune in communes
    ]
    per_collaborator = {}
    for row in rows:
        for collaborator in row["collaborators"]:
            entry = per_collaborator.setdefault(
                collaborator.pk,
                {
                    "collaborator": collaborator,
                    "communes": [],
                    "facilities": 0,
                    "surveys": 0,
                    "last_survey": None,
                },
            )
            entry["communes"].append(row["commune"])
            entry["facilities"] += row["facilities"]
    by_collaborator = (
        SurveyResponse.objects.visible_to(user)
        .filter(collaborator_id__in=list(per_collaborator))
        .values("collaborator_id")
        .annotate(n=Count("id"), last=Max("captured_at"))
    )
    for row in by_collaborator:
        per_collaborator[row["collaborator_id"]].update(surveys=row["n"], last_survey=row["last"])
    covered = sum(1 for row in rows if row["collaborators"])
    return {
        "province": province,
        "day": day,
        "rows": rows,
        "collaborators": sorted(per_collaborator.values(), key=lambda e: e["collaborator"].full_name),
        "communes_total": len(rows),
        "communes_covered": covered,
        "communes_uncovered": len(rows) - covered,
    }


def _count_by(queryset, root_of):
    counts = {}
    for row in queryset.values("commune_id").annotate(n=Count("id")):
        root = root_of[row["commune_id"]]
        counts[root] = counts.get(root, 0) + row["n"]
    return counts
