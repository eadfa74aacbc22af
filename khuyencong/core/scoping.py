"""The one scoping layer: who may see and change which rows.

Every domain model declares *where* a row sits in `scope_paths` (lookups from the model to a
province, an organisation and/or a commune) and uses `ScopedQuerySet`. Every view, export, API
endpoint, form choice list and report then asks `Model.objects.visible_to(user)` or
`.editable_by(user)`; nothing else filters by scope.

A user's grants come from `user.access_scope()` (accounts app), an `AccessScope` of `Grant`s:
one per role the user holds, with the province, organisation and commune ids that role covers.
Province ids are already widened to the predecessors of each province (a Lâm Đồng officer also
sees records located in the former Đắk Nông), so this module knows nothing of geography.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Role codes, mirrored by accounts.choices.Role (core must not import accounts).
CENTRAL = "central"
PROVINCE_OFFICER = "province_officer"
PROMOTION_CENTRE = "promotion_centre"
INVESTOR = "investor"
COLLABORATOR = "collaborator"
VIEWER = "viewer"

# What each kind of grant filters on.
ALL = "all"
PROVINCE = "province"
ORGANISATION = "organisation"
COMMUNE = "commune"
PUBLISHED = "published"

GRANT_KIND = {
    CENTRAL: ALL,
    PROVINCE_OFFICER: PROVINCE,
    PROMOTION_CENTRE: PROVINCE,
    INVESTOR: ORGANISATION,
    COLLABORATOR: COMMUNE,
    VIEWER: PUBLISHED,
}

DEFAULT_VIEW_ROLES = frozenset({CENTRAL, PROVINCE_OFFICER, PROMOTION_CENTRE, INVESTOR, COLLABORATOR, VIEWER})
DEFAULT_EDIT_ROLES = frozenset({PROVINCE_OFFICER, PROMOTION_CENTRE})


@dataclass(frozen=True)
class Grant:
    """One role held by a user, with the ids it covers (empty for central and viewer)."""

    role: str
    provinces: frozenset = field(default_factory=frozenset)
    organisations: frozenset = field(default_factory=frozenset)
    communes: frozenset = field(default_factory=frozenset)


@dataclass(frozen=True)
class AccessScope:
    grants: tuple = ()
    superuser: bool = False

    def roles(self):
        return {grant.role for grant in self.grants}


NO_SCOPE = AccessScope()


def access_scope(user):
    """The AccessScope of `user`; anonymous and inactive users get none."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_SCOPE
    getter = getattr(user, "access_scope", None)
    return getter() if getter else NO_SCOPE


def scope_filter(model, user, *, edit):
    """The Q object restricting `model` to what `user` may view (or edit), or None for everything."""
    scope = access_scope(user)
    if scope.superuser:
        return None
    paths = getattr(model, "scope_paths", {})
    allowed = getattr(model, "scope_edit_roles" if edit else "scope_view_roles", None)
    if allowed is None:
        allowed = DEFAULT_EDIT_ROLES if edit else DEFAULT_VIEW_ROLES
    condition = Q(pk__in=[])
    for grant in scope.grants:
        if grant.role not in allowed:
            continue
        kind = GRANT_KIND[grant.role]
        if kind == ALL:
            return None
        if kind == PROVINCE and PROVINCE in paths and grant.provinces:
            condition |= Q(**{f"{paths[PROVINCE]}__in": grant.provinces})
        elif kind == ORGANISATION and ORGANISATION in paths and grant.organisations:
            condition |= Q(**{f"{paths[ORGANISATION]}__in": grant.organisations})
        elif kind == COMMUNE and COMMUNE in paths and grant.communes:
            condition |= Q(**{f"{paths[COMMUNE]}__in": grant.communes})
        elif kind == PUBLISHED and PUBLISHED in paths:
            condition |= Q(**{paths[PUBLISHED]: True})
    return condition


class ScopedQuerySet(models.QuerySet):
    """QuerySet for every scoped domain model; see the module docstring."""

    def visible_to(self, user):
        return self._restrict(user, edit=False)

    def editable_by(self, user):
        return self._restrict(user, edit=True)

    def _restrict(self, user, *, edit):
        if access_scope(user) is NO_SCOPE:
            return self.none()
        condition = scope_filter(self.model, user, edit=edit)
        if condition is None:
            return self.all()
        qs = self.filter(condition)
        # Models whose scope paths cross a many-to-many relation set scope_distinct = True.
        return qs.distinct() if getattr(self.model, "scope_distinct", False) else qs


class OutOfScope(Exception):
    """A write would leave the object outside what the user may edit; the transaction is rolled back."""


OUT_OF_SCOPE_MESSAGE = _("You may not save a record outside your own province or organisation.")


def can_view(user, obj):
    return type(obj).objects.visible_to(user).filter(pk=obj.pk).exists()


def can_edit(user, obj):
    return type(obj).objects.editable_by(user).filter(pk=obj.pk).exists()


class ScopedModel(models.Model):
    """Abstract base for scoped domain models. Subclasses set `scope_paths`."""

    scope_paths: dict = {}

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
