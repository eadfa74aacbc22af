"""What the survey views share: POST-only steps and the collaborator-only test."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.views import View

from khuyencong.core.scoping import COLLABORATOR, access_scope


class PostOnlyView(LoginRequiredMixin, View):
    """A step taken by POST on one record; there is no page to GET (404, like a record out of scope)."""

    def get(self, request, *args, **kwargs):
        raise Http404


def is_collaborator_only(user):
    scope = access_scope(user)
    return not scope.superuser and scope.roles() == {COLLABORATOR}
