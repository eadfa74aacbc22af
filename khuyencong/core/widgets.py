"""Choice lists too long to send whole: the select holds the chosen records, a search box fills it.

At national scale a form's choice list can hold every establishment (100,000), every đề án or every
commune of both schemes (13,000): the new-đề án and new-inspection pages weighed 9–12 MB and took 8–10 s
to build, the establishment form 670 KB for a field collaborator on a phone. `ScopedModelForm` gives each
of its model choice fields one of these widgets. A list of up to `FULL_LIST_LIMIT` records is an ordinary
select (one query, the same markup). A longer one is sent with only the chosen records, under a search
box: typing asks `core:lookup` (htmx) for the records of the same form's same field that match, so the
choices offered are the ones the form accepts, in the user's scope. Validation is the field's own.
"""

from django import forms
from django.db.models import Q
from django.urls import reverse

from .text import fold

FULL_LIST_LIMIT = 250  # records; a longer list becomes a search
LOOKUP_RESULTS = 30  # records a search lists at most
# Reference data every signed-in user may read (the geography pages list it all).
REFERENCE_MODELS = {"geography.AdminUnit", "programs.ContentCategory"}


def searchable(model):
    """Whether `core:lookup` may search records of `model` for any signed-in user: scoped models (the
    lookup keeps to `visible_to(user)` whatever the form's queryset) and reference data. Others (user
    accounts, say) stay full selects, shown only on the pages whose views let the user in."""
    return hasattr(model.objects, "visible_to") or model._meta.label in REFERENCE_MODELS


def chosen_ids(values):
    """The primary keys among submitted or initial values ('', None and non-numbers dropped)."""
    ids = []
    for value in values:
        text = str(getattr(value, "value", value) or "").strip()
        if text.isdigit():
            ids.append(int(text))
    return ids


class SearchSelectMixin:
    search_template_name = "core/widgets/search_select.html"

    def __init__(self, *args, lookup=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup = lookup  # (form key, field name) for core:lookup

    def _choices_for(self, values):
        """(choices to render, searching): the whole list when short, else the chosen records only."""
        iterator = self.choices
        field = getattr(iterator, "field", None)
        if field is None or self.lookup is None:
            return iterator, False
        empty = (
            [("", field.empty_label)]
            if field.empty_label is not None and not self.allow_multiple_selected
            else []
        )
        head = list(iterator.queryset[: FULL_LIST_LIMIT + 1])
        if len(head) <= FULL_LIST_LIMIT:
            return empty + [iterator.choice(obj) for obj in head], False
        ids = chosen_ids(values)
        chosen = list(iterator.queryset.filter(pk__in=ids)) if ids else []
        return empty + [iterator.choice(obj) for obj in chosen], True

    def get_context(self, name, value, attrs):
        original = self.choices
        self.choices, searching = self._choices_for(self.format_value(value))
        try:
            context = super().get_context(name, value, attrs)
        finally:
            self.choices = original
        if searching:
            context["widget"]["lookup_url"] = reverse("lookup", args=self.lookup)
            if not self.allow_multiple_selected:
                context["widget"]["attrs"].setdefault("size", 6)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        template = self.search_template_name if "lookup_url" in context["widget"] else self.template_name
        return self._render(template, context, renderer)


class SearchSelect(SearchSelectMixin, forms.Select):
    pass


class SearchSelectMultiple(SearchSelectMixin, forms.SelectMultiple):
    pass


def search_records(queryset, text):
    """The records of `queryset` matching `text`, without regard to case or diacritics: through the
    model's own `search()` where it has one, else every word in its folded search key, else every word
    in its name, year, province or id."""
    if not fold(text):
        return queryset.none()
    if hasattr(queryset, "search"):
        return queryset.search(text)
    fields = {field.name for field in queryset.model._meta.get_fields()}
    for word in fold(text).split():
        if "search_text" in fields:
            queryset = queryset.filter(search_text__contains=word)
            continue
        match = Q(pk=int(word)) if word.isdigit() else Q()
        if "name" in fields:
            match |= Q(name__icontains=word)
        if "year" in fields and word.isdigit():
            match |= Q(year=int(word))
        if "province" in fields:
            match |= Q(province__search_text__contains=word)
        queryset = queryset.filter(match) if match else queryset.none()
    return queryset


def use_search_selects(form, key):
    """Give every model choice field of `form` (drawn with Django's plain select) a search select."""
    if key is None:
        return
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        kind = type(field.widget)
        if kind not in (forms.Select, forms.SelectMultiple) or not searchable(field.queryset.model):
            continue
        widget_class = SearchSelectMultiple if kind is forms.SelectMultiple else SearchSelect
        widget = widget_class(attrs=field.widget.attrs, lookup=(key, name))
        widget.is_required = field.widget.is_required
        widget.choices = field.choices
        field.widget = widget
