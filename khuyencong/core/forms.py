"""Base form classes: choice lists go through the scoping layer; text is NFC-normalised."""

from django import forms

from .scoping import ScopedQuerySet
from .text import nfc


class ScopedModelForm(forms.ModelForm):
    """A ModelForm that takes `user` and limits every choice list of scoped models to what they may see.

    Administrative-unit pickers are left alone (reference data); subclasses narrow them if needed.
    """

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if isinstance(queryset, ScopedQuerySet):
                field.queryset = queryset.visible_to(user)

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = nfc(value)
        return cleaned
