"""The one scoping layer: who may see and change which rows.

Every domain model declares *where* a row sits in `scope_paths` (lookups from the model to a
province, an organisation and/or a commune) and uses `ScopedQuerySet`. Every view, export, API
endpoint, form choice list and report then asks `Model.objects.visible_to(user)` or
`.editable_by(user)`; nothing else filters by scope.

A user's grants come from `user.access_scope()` (accounts app), an `AccessScope` of `Grant`s:
one per role the user holds, with the province, organisation and commune ids that role covers.
Province ids are already widened to the predecessors of each province (a Lâm Đồng officer also
sees records located in the former Đắk Nông), so this module knows nothing of geography.

`access_scope(user)` keeps the scope on the user object for the current request only: a new request
(even with the same user object, as DRF's `force_authenticate` does) or any write to role assignments,
users or successions makes it compute the scope again (docs/performance.md, "Queries per page").
"""

import contextvars
import itertools
from dataclasses import dataclass, field

from django.conf import settings
from django.core.signals import request_started
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

# Role codes, mirrored by accounts.choices.Role (core must not import accounts).
CENTRAL = "central"
PROVINCE_OFFICER = "province_officer"
PROMOTION_CENTRE = "promotion_centre"
INVESTOR = "investor"
COLLABORATOR = "collaborator"
VIEWER = "viewer"
# An enterprise investing in a cluster (a tenant, "nhà đầu tư thứ cấp"): its own projects only (Biểu 01).
TENANT = "tenant"
# An officer of a commune People's Committee (UBND xã): the clusters and reports of their commune only.
COMMUNE_OFFICER = "commune_officer"

# What each kind of grant filters on.
ALL = "all"
PROVINCE = "province"
ORGANISATION = "organisation"
COMMUNE = "commune"
PUBLISHED = "published"
# The grants of the two roles above filter on their own paths, so that a model shows them nothing until it
# declares where its tenant enterprise ("tenant") or its commune for the local government ("local") is.
TENANT_ORGANISATION = "tenant"
LOCAL = "local"

GRANT_KIND = {
    CENTRAL: ALL,
    PROVINCE_OFFICER: PROVINCE,
    PROMOTION_CENTRE: PROVINCE,
    INVESTOR: ORGANISATION,
    COLLABORATOR: COMMUNE,
    VIEWER: PUBLISHED,
    TENANT: TENANT_ORGANISATION,
    COMMUNE_OFFICER: LOCAL,
}

DEFAULT_VIEW_ROLES = frozenset(
    {CENTRAL, PROVINCE_OFFICER, PROMOTION_CENTRE, INVESTOR, COLLABORATOR, VIEWER, TENANT, COMMUNE_OFFICER}
)
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


# -- the request-level memo of access_scope ------------------------------------------------------------
# A memo is valid for one request (a token set when a request starts) and one "generation" of the models a
# scope is computed from; any write to them, in any thread of this process, starts a new generation.
# Writes that bypass signals (QuerySet.update, raw SQL) take effect from the next request.
SCOPE_SOURCES = frozenset(
    {
        settings.AUTH_USER_MODEL.lower(),
        "accounts.roleassignment",
        "accounts.roleassignment_communes",
        "geography.succession",
    }
)
_MEMO = "_scope_memo"
_request_token = contextvars.ContextVar("khuyencong_scope_request", default=None)
_generations = itertools.count(1)
_generation = 0


@receiver(request_started, dispatch_uid="khuyencong_scope_new_request")
def _new_request(**kwargs):
    _request_token.set(object())


@receiver(post_save, dispatch_uid="khuyencong_scope_saved")
@receiver(post_delete, dispatch_uid="khuyencong_scope_deleted")
@receiver(m2m_changed, dispatch_uid="khuyencong_scope_m2m")
def _scope_source_written(sender, **kwargs):
    global _generation
    if sender._meta.label_lower in SCOPE_SOURCES:
        _generation = next(_generations)


def access_scope(user):
    """The AccessScope of `user`; anonymous and inactive users get none.

    Computed by `user.access_scope()` (one query) at most once per request and user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_SCOPE
    getter = getattr(user, "access_scope", None)
    if getter is None:
        return NO_SCOPE
    stamp = (_request_token.get(), _generation)  # read before computing: a write meanwhile invalidates
    memo = user.__dict__.get(_MEMO)
    if memo is not None and memo[0][0] is stamp[0] and memo[0][1] == stamp[1]:
        return memo[1]
    scope = getter()
    user.__dict__[_MEMO] = (stamp, scope)
    return scope


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
        elif kind == TENANT_ORGANISATION and TENANT_ORGANISATION in paths and grant.organisations:
            condition |= Q(**{f"{paths[TENANT_ORGANISATION]}__in": grant.organisations})
        elif kind == LOCAL and LOCAL in paths and grant.communes:
            # The path may cross a many-to-many (a cluster's communes): a subquery of the same statement
            # keeps one row per record without DISTINCT on every caller's query.
            within = model._default_manager.filter(**{f"{paths[LOCAL]}__in": grant.communes})
            condition |= Q(pk__in=within.values("pk"))
    return condition


class ScopedQuerySet(models.QuerySet):
    """QuerySet for every scoped domain model; see the module docstring."""

    def visible_to(self, user):
        return self._restrict(user, edit=False)

    def editable_by(self, user):
        return self._restrict(user, edit=True)

    def with_edit_flag(self, user):
        """Annotate each row with `user_can_edit`: whether `user` may edit it (what `can_edit` answers).

        For detail pages: the flag comes with the row, so the page asks no separate query. It is read when
        the row is fetched; code that writes must still call `can_edit` after the write."""
        editable = self.model._default_manager.editable_by(user).filter(pk=OuterRef("pk"))
        return self.annotate(user_can_edit=Exists(editable))

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


def could_view(user, model):
    """Whether some row of `model` could be visible to `user`, from the grants alone (no query): the menu
    shows a list only to users whose roles may fill it (core/navigation.py)."""
    scope = access_scope(user)
    if scope is NO_SCOPE:
        return False
    condition = scope_filter(model, user, edit=False)
    return condition is None or condition != Q(pk__in=[])


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
