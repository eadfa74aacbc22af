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


def province_choices(queryset, blank_label=None, units=None):
    """Choices for a select of the provinces of `queryset`: [(blank)], today's units, then an optgroup
    "Before 1/7/2025" of former units labelled with their successors (two queries; one when `units`, the
    provinces of `queryset`, are given)."""
    if units is None:
        units = list(queryset.filter(level="province"))
    current = sorted((u for u in units if u.valid_to is None), key=lambda u: vn_sort_key(u.name))
    former = sorted((u for u in units if u.valid_to is not None), key=lambda u: vn_sort_key(u.name))
    choices = [("", blank_label)] if blank_label is not None else []
    choices += [(u.pk, u.full_name) for u in current]
    if former:
        successors = AdminUnit.current_units_of(former)
        ended = max(u.valid_to for u in former) + timedelta(days=1)
        group = []
        for unit in former:
            now = ", ".join(s.full_name for s in successors.get(unit.pk) or [] if s.pk != unit.pk)
            label = unit.full_name
            if now:
                label = _("%(name)s (now %(successor)s)") % {"name": unit.full_name, "successor": now}
            group.append((unit.pk, label))
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
