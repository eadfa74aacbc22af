"""Scoping for the field network: the one scoping layer (`core.scoping`), plus "own rows" for collaborators.

A collaborator's commune grant would let them see every row located in their communes. For collaborators,
assignments and responses that is too wide: a collaborator sees only the rows that are theirs
(`scope_owner_path`, a lookup to the user id). Officers, promotion centres and the central agency keep
their usual province / all scope.
"""

from django.db.models import Q

from khuyencong.core.scoping import (
    CENTRAL,
    COLLABORATOR,
    NO_SCOPE,
    PROMOTION_CENTRE,
    PROVINCE_OFFICER,
    ScopedQuerySet,
    access_scope,
    scope_filter,
)

OFFICER_VIEW_ROLES = frozenset({CENTRAL, PROVINCE_OFFICER, PROMOTION_CENTRE})
OWNER_ROLES = frozenset({COLLABORATOR})


class OwnedQuerySet(ScopedQuerySet):
    """`visible_to`/`editable_by` widened by the rows a collaborator owns (`Model.scope_owner_path`)."""

    def _restrict(self, user, *, edit):
        scope = access_scope(user)
        if scope is NO_SCOPE:
            return self.none()
        condition = scope_filter(self.model, user, edit=edit)
        if condition is None:
            return self.all()
        owner_path = getattr(self.model, "scope_owner_path", None)
        if edit:
            owner_roles = getattr(self.model, "scope_owner_edit_roles", frozenset())
        else:
            owner_roles = getattr(self.model, "scope_owner_view_roles", OWNER_ROLES)
        if owner_path and scope.roles() & owner_roles:
            condition |= Q(**{owner_path: user.pk})
        return self.filter(condition)

    def owned_by(self, user):
        """Only the rows that are the user's own (a collaborator's "my assignments")."""
        return self.filter(**{self.model.scope_owner_path: user.pk})


class ReferenceQuerySet(ScopedQuerySet):
    """Survey forms: read by every signed-in user with a role, changed only by administrators."""

    def visible_to(self, user):
        scope = access_scope(user)
        return self.all() if scope is not NO_SCOPE and (scope.superuser or scope.grants) else self.none()

    def editable_by(self, user):
        return self.all() if access_scope(user).superuser else self.none()
