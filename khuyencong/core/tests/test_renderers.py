"""The fast form renderer writes exactly the markup of Django's widget templates (core/renderers.py)."""

import importlib
import inspect
from datetime import date
from decimal import Decimal

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.forms.renderers import DjangoTemplates
from django.utils import translation

from khuyencong.core.renderers import FastRenderer

TRICKY = 'a "quoted" <b>&amp; Đắk Nông</b>'


class Everything(forms.Form):
    text = forms.CharField(
        initial=TRICKY, widget=forms.TextInput(attrs={"placeholder": TRICKY, "autofocus": True})
    )
    number = forms.DecimalField(initial=Decimal("1250.5"), required=False)
    integer = forms.IntegerField(initial=2025)
    day = forms.DateField(initial=date(2025, 5, 16), widget=forms.DateInput(attrs={"type": "date"}))
    flag = forms.BooleanField(initial=True, required=False)
    off = forms.BooleanField(initial=False, required=False)
    hidden = forms.CharField(initial="x", widget=forms.HiddenInput)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="s")
    note = forms.CharField(initial=TRICKY, widget=forms.Textarea)
    empty_note = forms.CharField(required=False, widget=forms.Textarea)
    status = forms.ChoiceField(choices=[("", "—"), ("a", TRICKY), ("b", "Bình thường")], initial="a")
    year = forms.TypedChoiceField(choices=[(2024, 2024), (2025, 2025)], initial=2025, coerce=int)
    grouped = forms.ChoiceField(
        choices=[("Lâm Đồng <cũ>", [("1", "Đà Lạt"), ("2", "Bảo Lộc")]), ("Khác", [("3", "Gia Nghĩa")])],
        initial="2",
    )
    many = forms.MultipleChoiceField(choices=[("1", "Một"), ("2", "Hai"), ("3", "Ba")], initial=["1", "3"])
    maybe = forms.NullBooleanField(initial=None)
    radio = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect, initial="y")
    disabled = forms.CharField(initial="d", disabled=True)


def render_all(form):
    return [str(field) for field in form]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("bound", [False, True])
def test_fast_renderer_writes_what_djangos_templates_write(language, bound):
    data = {
        "text": "<script>x</script>",
        "number": "1.250,5",
        "integer": "12345",
        "day": "31/02/2024",
        "flag": "on",
        "status": "b",
        "year": "2024",
        "grouped": "3",
        "many": ["2", "3"],
        "maybe": "true",
        "radio": "x",
        "note": "a\nb",
    }
    with translation.override(language):
        slow = render_all(Everything(data if bound else None, renderer=DjangoTemplates()))
        fast = render_all(Everything(data if bound else None, renderer=FastRenderer()))
    assert fast == slow
    assert any("<option" in html for html in fast)


def filtersets():
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("khuyencong."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.filtersets")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, django_filters.FilterSet) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


@pytest.mark.django_db
def test_every_filter_form_renders_the_same(rf, personas):
    """The filter forms above every list (bound with the values of a link) look as they did."""
    request = rf.get("/")
    request.user = personas.central
    classes = filtersets()
    assert len(classes) >= 8
    for cls in classes:
        data = {name: "1" for name in cls.base_filters}
        for bound in (None, data):
            slow = cls(bound, queryset=cls._meta.model.objects.none(), request=request).form
            fast = cls(bound, queryset=cls._meta.model.objects.none(), request=request).form
            slow.renderer, fast.renderer = DjangoTemplates(), FastRenderer()
            assert render_all(fast) == render_all(slow), cls
