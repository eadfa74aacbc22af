"""Filters shared by every FilterSet. Ids and years are bounded integers, so a nonsense query string
("?province=9007199254740992.0") is a 400 with a message, never a database overflow."""

import django_filters
from django import forms

MAX_ID = 2**63 - 1


class BoundedIntegerField(forms.IntegerField):
    pass


class _IdFilter(django_filters.NumberFilter):
    """Filter on a foreign-key id (`field_name="province_id"`)."""

    field_class = BoundedIntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    field_class = BoundedIntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2200)
        super().__init__(*args, **kwargs)


class PickedFilterMixin:
    """A filter the list pages offer as a choice instead of a raw id or code (issue: "Mã tỉnh", "Mã xã").

    `picker(user, data)` returns the choices a person may pick from (values as the filter takes them:
    ids, or codes), in the user's scope, or None when there is nothing sensible to offer (a commune
    before a province is chosen, a thousand clusters): the filter then stays hidden and, when the page
    was reached with it set (a link from a dashboard or a record), shows as a removable tag.
    `target` is the model a value names ("app.Model"), for that tag's text. The API takes the same
    values as before: only the page's widget changes (`dress`)."""

    def __init__(self, *args, picker=None, target=None, **kwargs):
        self.picker, self.target = picker, target
        super().__init__(*args, **kwargs)


class IdFilter(PickedFilterMixin, _IdFilter):
    pass


class CodeFilter(PickedFilterMixin, django_filters.CharFilter):
    """Filter on a unit's code (`?province=68`), offered as a picker on the pages."""


def _model(label):
    from django.apps import apps

    return apps.get_model(label) if label else None


def _describe(flt, value, user):
    """The text of a hidden filter's value: the record it names, when visible to `user`."""
    model = _model(flt.target)
    if model is None or value in (None, ""):
        return str(value)
    manager = model._default_manager
    queryset = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
    lookup = {"code": value} if isinstance(flt, CodeFilter) else {"pk": value}
    try:
        record = queryset.filter(**lookup).first()
    except (ValueError, TypeError):
        record = None
    return str(getattr(record, "full_name", None) or record) if record is not None else str(value)


def dress(filterset, user):
    """Make a list page's filter form speak to people: pickers for ids and codes (hidden when there is
    nothing to pick, listed in `filterset.tags` when set), "All" instead of "---------", and yes/no
    selects that say "All". Returns the filterset (its form is changed in place)."""
    from django.utils.translation import gettext as _

    form = filterset.form
    data = form.data if filterset.is_bound else {}
    tags = []
    for name, flt in filterset.filters.items():
        field = form.fields.get(name)
        if field is None:
            continue
        picker = getattr(flt, "picker", None)
        value = data.get(name) if data else None
        if isinstance(flt, PickedFilterMixin):
            choices = picker(user, data) if picker is not None else None
            if choices is None:
                field.widget = forms.HiddenInput()
                if value not in (None, ""):
                    tags.append({"name": name, "label": field.label, "text": _describe(flt, value, user)})
                continue
            field.widget = forms.Select(choices=[("", _("All"))] + list(choices))
            if value and not any(str(v) == str(value) for v, _l in _flatten(choices)):
                field.widget.choices.append((value, _describe(flt, value, user)))
        elif isinstance(field, forms.DateField):  # the browser's date picker; the field takes ISO dates too
            field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        elif isinstance(flt, django_filters.BooleanFilter) and (
            isinstance(field.widget, forms.NullBooleanSelect) or not isinstance(field.widget, forms.Select)
        ):  # "All / Yes / No", not Django's "Unknown / Yes / No"
            field.widget = forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))])
        elif isinstance(field, forms.ModelChoiceField):
            field.empty_label = _("All")
        elif hasattr(field, "empty_label") and field.empty_label is not None:
            # django-filter's choice field puts its empty (and null) choice first itself, through an
            # iterator bound to the field it was built for: set the choices again on this copy.
            special = {"", getattr(field, "null_value", None)}
            rest = [choice for choice in field.choices if choice[0] not in special]
            field.empty_label = _("All")
            field.choices = rest
        elif isinstance(field, forms.ChoiceField) and field.choices and field.choices[0][0] == "":
            field.choices = [("", _("All"))] + list(field.choices)[1:]
    filterset.tags = tags
    return filterset


def _flatten(choices):
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            yield from label
        else:
            yield value, label
