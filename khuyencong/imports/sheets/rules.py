"""The import sheets' adapter of `core.references`: scoped lookups and the domain check of each row.

Every record a sheet looks up (an establishment by tax code or name, a plan, a cluster by code, an
organisation by name…) is looked up in `allowed(ctx, model, field)`, the records the importer may link
`model.field` to, or `visible(ctx, model)`: a record outside the importer's scope reads exactly like an
unknown one. Each row's values are then checked with `references.errors_for` (`check`), the same check
the forms and the API call, and its refusals become errors of the row, in Vietnamese and English.

A system import (no actor: a command run by the operator) may link anything; only the models' own
rules apply to it.
"""

from datetime import date
from decimal import Decimal

from django.db import models
from django.utils import translation

from khuyencong.core import references


def allowed(ctx, model, field):
    """The records the importer may link `model.field` to (everything for a system import)."""
    if ctx.actor is None:
        return model._meta.get_field(field).related_model._default_manager.all()
    return references.allowed(model, field, ctx.actor)


def visible(ctx, model):
    """The records of `model` the importer may see (everything for a system import)."""
    if ctx.actor is None:
        return model._default_manager.all()
    return model._default_manager.visible_to(ctx.actor)


def _saved(value):
    """`value` without the records the file creates (not saved yet: nothing to check about them)."""
    if isinstance(value, models.Model):
        return value if value.pk is not None else None
    if isinstance(value, (list, tuple, set, frozenset)):
        return [item for item in value if not isinstance(item, models.Model) or item.pk is not None]
    return value


def _signature(value):
    if isinstance(value, models.Model):
        return ("pk", value.pk)
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(sorted((_signature(item) for item in value), key=repr))
    if value is None or isinstance(value, (str, int, bool, Decimal, date)):
        return value
    return repr(value)


def _errors(ctx, model, values, instance):
    if ctx.actor is not None:
        return references.errors_for(ctx.actor, model, values, instance)
    rules = getattr(model, "domain_errors", None)
    return rules(None, references.merged(values, instance), instance) if rules else {}


def _rendered(ctx, model, values, instance, language):
    with translation.override(language):
        return {
            name: [str(m) for m in messages]
            for name, messages in _errors(ctx, model, values, instance).items()
        }


def problems(ctx, model, values, instance=None):
    """[(field, vi, en)]: what `references.errors_for` refuses in writing `values` (a new record when
    `instance` is None). Checks of new records are remembered for the import run (rows repeat)."""
    values = {name: _saved(value) for name, value in values.items()}
    key = None
    if instance is None or instance.pk is None:
        instance = None
        signature = tuple((name, _signature(value)) for name, value in sorted(values.items()))
        key = ("references.errors_for", model._meta.label, signature)
        if key in ctx.pending:
            return ctx.pending[key]
    vi = _rendered(ctx, model, values, instance, "vi")
    found = []
    if vi:
        en = _rendered(ctx, model, values, instance, "en")
        for name, messages in vi.items():
            for index, message in enumerate(messages):
                found.append((name, message, en.get(name, messages)[index]))
    if key is not None:
        ctx.pending[key] = found
    return found


def check(row, ctx, model, values, instance=None, columns=None):
    """Record on `row` every refusal of `problems`; `columns` maps a model field to the sheet's column
    (a field without a column is an error of the whole row). True if nothing was refused."""
    found = problems(ctx, model, values, instance)
    for name, vi, en in found:
        row.error((columns or {}).get(name), vi, en)
    return not found
