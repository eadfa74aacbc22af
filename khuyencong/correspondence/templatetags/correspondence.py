"""`{% documents_for object %}`: the register's documents about a record, on that record's page.

Loaded by the detail pages of clusters, đề án, inspection visits, recommendations and periodic
reports (`{% load correspondence %}{% documents_for object %}`). Two queries at most, whatever the
number of documents: the first `LIMIT` visible documents, and their total only when there are more; none
when the page passes `exist=False` (it read with the record that no document concerns it).
"""

from django import template
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef
from django.urls import reverse

from khuyencong.core.scoping import DEFAULT_EDIT_ROLES, access_scope

from ..filtersets import CONCERNS
from ..models import Correspondence, CorrespondenceLink
from ..tables import CorrespondenceTable

register = template.Library()

LIMIT = 20
FILTER_FOR_MODEL = {label: name for name, label in CONCERNS.items()}


@register.inclusion_tag("correspondence/_documents_for.html", takes_context=True)
def documents_for(context, obj, exist=None):
    """`exist=False`: the page already knows that no document concerns `obj` (it read that with the
    record), so the panel is drawn without a query."""
    request = context.get("request")
    user = getattr(request, "user", None)
    documents = []
    if exist is not False:
        documents = list(
            Correspondence.objects.visible_to(user)
            .concerning(obj)
            .for_list()
            .order_by("-dated", "-pk")[: LIMIT + 1]
        )
    more = len(documents) > LIMIT
    documents = documents[:LIMIT]
    total = Correspondence.objects.visible_to(user).concerning(obj).count() if more else len(documents)
    name = FILTER_FOR_MODEL.get(obj._meta.label)
    list_url = f"{reverse('correspondence:list')}?{name}={obj.pk}" if name else None
    add_url = reverse("correspondence:create")
    return {
        "documents": documents,
        "table": CorrespondenceTable(documents),
        "total": total,
        "more": more,
        "list_url": list_url,
        "add_url": add_url,
        "can_add": _may_add(user),
    }


def documents_exist(model):
    """An expression for a detail page's row: may any document concern it (`Correspondence.concerning`,
    whatever the user's scope)? False lets the page pass `exist=False` to `documents_for`. Mirrors
    `concerning` for the models whose pages use it; None for the others."""
    label, row = model._meta.label, OuterRef("pk")
    links = CorrespondenceLink.objects
    if label == "clusters.Cluster":
        condition = (
            Exists(links.filter(cluster=row))
            | Exists(links.filter(cluster_decision__cluster=row))
            | Exists(Correspondence.objects.filter(cluster_decision__cluster=row))
        )
    elif label == "programs.Project":
        condition = Exists(links.filter(project=row))
    elif label == "inspections.Inspection":
        condition = Exists(links.filter(inspection=row)) | Exists(
            links.filter(recommendation__inspection=row)
        )
    elif label == "inspections.Recommendation":
        condition = Exists(links.filter(recommendation=row))
    elif label == "reports.Submission":
        condition = Exists(links.filter(submission=row))
    else:
        return None
    return ExpressionWrapper(condition, output_field=BooleanField())


def _may_add(user):
    """Officers and promotion centres keep the register; others only read it."""
    scope = access_scope(user)
    return scope.superuser or bool(scope.roles() & DEFAULT_EDIT_ROLES)
