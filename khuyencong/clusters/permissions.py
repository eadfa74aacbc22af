"""Who may add a record under a cluster, before the record exists.

The scoping layer answers "may this user edit this saved row"; a create form needs the same answer for
a row not yet saved. A child row is scoped through its cluster (`models.CHILD_SCOPE`), so the answer is
the child model's edit roles applied to the cluster's province and investor. The save is re-checked by
the scoping layer anyway (core.views.ScopedFormMixin).
"""

from khuyencong.core.scoping import ALL, DEFAULT_EDIT_ROLES, GRANT_KIND, ORGANISATION, PROVINCE, access_scope


def can_add(user, cluster, model):
    scope = access_scope(user)
    if scope.superuser:
        return True
    roles = getattr(model, "scope_edit_roles", None) or DEFAULT_EDIT_ROLES
    for grant in scope.grants:
        if grant.role not in roles:
            continue
        kind = GRANT_KIND[grant.role]
        if kind == ALL:
            return True
        if kind == PROVINCE and cluster.province_id in grant.provinces:
            return True
        if kind == ORGANISATION and cluster.investor_id and cluster.investor_id in grant.organisations:
            return True
    return False
