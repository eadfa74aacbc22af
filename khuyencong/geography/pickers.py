"""Province pickers: the one way forms and filters offer a choice of provinces.

Today's provinces come first in Vietnamese alphabetical order; the former ones (before the 1 July 2025
reorganisation) follow in a group of their own, each naming the province it became, so "Thành phố Hà Nội"
and "Tỉnh Lâm Đồng" appear once among today's units. A user who covers one province gets it preselected.
"""

from datetime import timedelta

from django.utils.translation import gettext as _

from khuyencong.core.scoping import access_scope
from khuyencong.core.text import vn_sort_key

from .models import AdminUnit


def _short_date(day):
    return f"{day.day}/{day.month}/{day.year}"


def province_choices(queryset, blank_label=None, units=None, value="pk"):
    """Choices for a select of the provinces of `queryset`: [(blank)], today's units, then an optgroup
    "Before 1/7/2025" of former units labelled with their successors (two queries; one when `units`, the
    provinces of `queryset`, are given)."""
    if units is None:
        units = list(queryset.filter(level="province"))
    current = sorted((u for u in units if u.valid_to is None), key=lambda u: vn_sort_key(u.name))
    former = sorted((u for u in units if u.valid_to is not None), key=lambda u: vn_sort_key(u.name))
    choices = [("", blank_label)] if blank_label is not None else []
    choices += [(getattr(u, value), u.full_name) for u in current]
    if former:
        successors = AdminUnit.current_units_of(former)
        ended = max(u.valid_to for u in former) + timedelta(days=1)
        group = []
        for unit in former:
            now = ", ".join(s.full_name for s in successors.get(unit.pk) or [] if s.pk != unit.pk)
            label = unit.full_name
            if now:
                label = _("%(name)s (now %(successor)s)") % {"name": unit.full_name, "successor": now}
            group.append((getattr(unit, value), label))
        choices.append((_("Before %(date)s") % {"date": _short_date(ended)}, group))
    return choices


def user_province(user, units=None):
    """The one current province `user`'s roles cover, or None (none, several, or nationwide); looked up
    among `units` when given (no query)."""
    ids = {pk for grant in access_scope(user).grants for pk in grant.provinces}
    if not ids:
        return None
    if units is None:
        units = AdminUnit.objects.filter(pk__in=ids, level="province", valid_to__isnull=True)[:2]
    current = [u for u in units if u.pk in ids and u.level == "province" and u.valid_to is None]
    return current[0] if len(current) == 1 else None


def use_province_picker(form, name="province", queryset=None, blank_label=None, default=True):
    """Make `form.fields[name]` a province picker over `queryset` (default: the field's own): grouped and
    ordered as above, a blank option that says what to do instead of "---------", and, on a new record,
    the user's own province preselected."""
    field = form.fields[name]
    if queryset is not None:
        field.queryset = queryset
    if blank_label is None:
        blank_label = _("Choose a province") if field.required else _("All provinces")
    units = list(field.queryset.filter(level="province"))
    field.choices = province_choices(field.queryset, blank_label, units)
    user = getattr(form, "user", None)
    instance = getattr(form, "instance", None)
    has_value = form.is_bound or form.initial.get(name) or getattr(instance, f"{name}_id", None)
    if default and user is not None and not has_value:
        own = user_province(user, units)  # only a province of the field's own choices
        if own is not None:
            form.initial[name] = own.pk


# Pickers of the list pages' filters (`core.filters.dress`): `picker(user, data)` gives the choices the
# user may pick from, or None when there is nothing to choose (the filter is then hidden).


def _provinces(user):
    return AdminUnit.objects.within_scope_of(user).filter(level="province")


def province_ids(user, data):
    """Provinces in the user's scope, by id (`?province=<id>`, `?within=<id>`)."""
    choices = province_choices(_provinces(user))
    return choices if len(choices) > 1 else None


def province_codes(user, data):
    """Provinces in the user's scope, by code (`?province=68`)."""
    choices = province_choices(_provinces(user), value="code")
    return choices if len(choices) > 1 else None


def chosen_province(user, data, by="pk"):
    """The province a filter form names (`province` or `within`, by id or by code), else the user's
    only province; None when neither."""
    for name in ("province", "within"):
        value = str((data or {}).get(name) or "").strip()
        if not value:
            continue
        if by == "code" and name == "province":
            return _provinces(user).filter(code=value, valid_to__isnull=True).first() or (
                _provinces(user).filter(code=value).first()
            )
        if value.isdigit() and int(value) < 2**63:
            return _provinces(user).filter(pk=int(value)).first()
    return user_province(user)


def _commune_choices(user, data, by, value):
    province = chosen_province(user, data, by=by)
    if province is None:
        return None
    units = list(
        AdminUnit.objects.within_scope_of(user).filter(
            level="commune", province_id__in=province.all_predecessor_ids()
        )
    )
    current = sorted((u for u in units if u.valid_to is None), key=lambda u: vn_sort_key(u.name))
    former = sorted((u for u in units if u.valid_to is not None), key=lambda u: vn_sort_key(u.name))
    choices = [(getattr(u, value), u.full_name) for u in current]
    if former:
        ended = max(u.valid_to for u in former) + timedelta(days=1)
        group = [(getattr(u, value), u.full_name) for u in former]
        choices.append((_("Before %(date)s") % {"date": _short_date(ended)}, group))
    return choices or None


def commune_ids(user, data):
    """The communes of the chosen province (or of the user's only one), by id; None before a province
    is chosen (a country's 10,000 communes are no list to pick from)."""
    return _commune_choices(user, data, by="pk", value="pk")


def commune_codes(user, data):
    """As `commune_ids`, by code, for filters that take the province by code."""
    return _commune_choices(user, data, by="code", value="code")
