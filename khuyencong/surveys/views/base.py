"""What the survey views share: POST-only steps and the collaborator-only test."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.views import View

from khuyencong.core.scoping import COLLABORATOR, access_scope

from ..querysets import OFFICER_VIEW_ROLES


class PostOnlyView(LoginRequiredMixin, View):
    """A step taken by POST on one record; there is no page to GET (404, like a record out of scope)."""

    def get(self, request, *args, **kwargs):
        raise Http404


def is_collaborator_only(user):
    scope = access_scope(user)
    return not scope.superuser and scope.roles() == {COLLABORATOR}


def takes_part_in_surveys(user):
    """Collaborators and the officers who follow them: the survey pages' audience (the menu asks this)."""
    scope = access_scope(user)
    return scope.superuser or bool(scope.roles() & (OFFICER_VIEW_ROLES | {COLLABORATOR}))
