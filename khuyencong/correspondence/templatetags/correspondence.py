"""`{% documents_for object %}`: the register's documents about a record, on that record's page.

Loaded by the detail pages of clusters, đề án, inspection visits, recommendations and periodic
reports (`{% load correspondence %}{% documents_for object %}`). Two queries at most, whatever the
number of documents: the first `LIMIT` visible documents, and their total only when there are more.
"""

from datetime import date

from django import template
from django.urls import reverse

from khuyencong.core.scoping import DEFAULT_EDIT_ROLES, access_scope

from ..filtersets import CONCERNS
from ..models import Correspondence

register = template.Library()

LIMIT = 20
FILTER_FOR_MODEL = {label: name for name, label in CONCERNS.items()}


@register.inclusion_tag("correspondence/_documents_for.html", takes_context=True)
def documents_for(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None)
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
        "total": total,
        "more": more,
        "list_url": list_url,
        "add_url": add_url,
        "today": date.today(),
        "can_add": _may_add(user),
    }


def _may_add(user):
    """Officers and promotion centres keep the register; others only read it."""
    scope = access_scope(user)
    return scope.superuser or bool(scope.roles() & DEFAULT_EDIT_ROLES)
