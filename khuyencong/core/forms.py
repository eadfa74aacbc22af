"""Base form classes: choice lists go through the scoping layer; text is NFC-normalised."""

from django import forms

from . import references
from .scoping import ScopedQuerySet
from .text import nfc
from .widgets import use_search_selects

# "app.FormName" -> form class: the forms whose long choice lists `core:lookup` may search.
SEARCHABLE_FORMS = {}


class SearchableChoicesMixin:
    """Forms built with `user=` whose model choice lists longer than `widgets.FULL_LIST_LIMIT` are drawn
    as searches (`core/widgets.py`): every subclass is registered so `core:lookup` can build it for the
    user asking and search the same field. Call `use_search_selects()` at the end of `__init__`."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.lookup_key = f"{cls.__module__.split('.')[1]}.{cls.__name__}"
        if cls.__module__ != __name__:  # the base classes of this module are not forms of their own
            SEARCHABLE_FORMS[cls.lookup_key] = cls

    def use_search_selects(self):
        use_search_selects(self, getattr(self, "lookup_key", None))


class ScopedModelForm(SearchableChoicesMixin, forms.ModelForm):
    """A ModelForm that takes `user` and limits every choice list of scoped models to what they may see.

    Administrative-unit pickers are left alone (reference data); subclasses narrow them if needed.
    A choice list longer than `widgets.FULL_LIST_LIMIT` is drawn as a search (`core/widgets.py`).
    `clean` asks the domain (`core.references.errors_for`) about the values chosen: the same check and
    rules that API serializers and import sheets call.
    """

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if isinstance(queryset, ScopedQuerySet):
                field.queryset = queryset.visible_to(user)
        self.use_search_selects()

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = nfc(value)
        model = self._meta.model
        names = {field.name for field in model._meta.get_fields()}
        values = {name: value for name, value in cleaned.items() if name in names}
        instance = self.instance if self.instance.pk else None
        for name, messages in references.errors_for(self.user, model, values, instance).items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        return cleaned
