"""The form renderer (settings.FORM_RENDERER): Django's own, with its hottest widget templates in Python.

Django renders every widget through templates, and a `<select>` through one `{% include %}` per option
and another per attribute list: the filter forms above every list cost more than the list's query
(docs/performance.md), and a select of 3,000 communes took seconds. `FastRenderer` produces the very
same markup as Django's templates for `input.html` (and the input types that only include it),
`select.html` with `select_option.html` options and `textarea.html`, escaped and localised the same way
(`render_value_in_context`); any other template, or a select whose options use another template,
goes through Django's templates as before. `core/tests/test_renderers.py` compares both outputs.
"""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape

WIDGETS = "django/forms/widgets/"
OPTION_TEMPLATE = WIDGETS + "select_option.html"
_CONTEXT = Context()  # default autoescape, time zone and localisation, as a widget template has


def _text(value):
    """`{{ value }}` in a template: localised, then escaped."""
    return render_value_in_context(value, _CONTEXT)


def _plain(value):
    """`{{ value|stringformat:'s' }}`: str() first (no localisation), then escaped."""
    return conditional_escape("%s" % (value,))  # noqa: UP031 - the filter's own formatting


def _attrs(attrs):
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(" " + _text(name) if value is True else f' {_text(name)}="{_plain(value)}"')
    return "".join(parts)


def _input(widget):
    value = "" if widget["value"] is None else f' value="{_plain(widget["value"])}"'
    kind, name = _text(widget["type"]), _text(widget["name"])
    return f'<input type="{kind}" name="{name}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget):
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(widget):
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{_plain(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


INPUT_TYPES = (
    "input",
    "text",
    "number",
    "email",
    "url",
    "password",
    "hidden",
    "date",
    "datetime",
    "time",
    "search",
    "tel",
    "color",
    "checkbox",
)
FAST = {
    **{f"{WIDGETS}{name}.html": _input for name in INPUT_TYPES},
    WIDGETS + "select.html": _select,
    WIDGETS + "textarea.html": _textarea,
}


class FastRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        fast = FAST.get(template_name)
        widget = context.get("widget") if fast is not None else None
        if widget is not None:
            html = fast(widget)
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request)
