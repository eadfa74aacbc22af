"""The one rule for related records, and the hook for each model's own rules, for every entry point.

A record may point only at records its author may choose: `allowed(model, field, actor)` is the
queryset of those, for every foreign key and many-to-many field of every model:

- a model may name its own choices with a classmethod `reference_queryset(field_name, actor)`
  (a collaborator's user account, say), returning a queryset or None for the default;
- otherwise an administrative unit (`within_scope_of`) gives the units of the provinces the actor
  covers, a scoped target (`visible_to`) what the actor may see, and reference data (content
  categories) everything.

`validate(actor, model, values, instance)` checks the related values being written (refused ids are
named as unknown, never as "someone else's": nothing tells an outsider that a record exists) and then
the model's own rules, a classmethod `domain_errors(actor, values, instance)` returning
{field: [messages]} (a plan's level and year, land leased ≤ industrial land, …), over the record as it
will be after the write (`merged`). Forms (`core.forms.ScopedModelForm`), API serializers
(`core.serializers.ScopedModelSerializer`), import sheets and commands are adapters that call it, so an
API field or import column never accepts what the form refuses.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import OUT_OF_SCOPE_MESSAGE

UNKNOWN_REFERENCE = _("Unknown %(field)s: %(values)s (not found among the records you may choose).")


def relation_fields(model):
    """The writable foreign-key, one-to-one and many-to-many fields of `model` (name → field)."""
    return {
        field.name: field
        for field in model._meta.get_fields()
        if field.is_relation
        and (field.concrete or field.many_to_many)  # a many-to-many field has no column: not "concrete"
        and (field.many_to_one or field.one_to_one or field.many_to_many)
        and field.editable
        and not field.auto_created
    }


def allowed(model, field_name, actor):
    """The records `actor` may link `model.field_name` to (a queryset of the field's target)."""
    declared = getattr(model, "reference_queryset", None)
    if declared is not None:
        queryset = declared(field_name, actor)
        if queryset is not None:
            return queryset
    target = model._meta.get_field(field_name).related_model
    queryset = target._default_manager.all()
    if hasattr(queryset, "within_scope_of"):  # administrative units: readable by all, chosen in scope
        return queryset.within_scope_of(actor)
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(actor)
    return queryset


def narrow(queryset, model, field_name, actor):
    """`queryset` (a form's or serializer's choices for the field) limited to what `allowed` gives."""
    scope = allowed(model, field_name, actor)
    if scope.query.is_empty():
        return queryset.none()
    return queryset.filter(pk__in=scope.values("pk"))


def _pks(value):
    if value is None or value == "":
        return []
    if isinstance(value, models.Model):
        return [value.pk]
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        return [pk for item in value for pk in _pks(item)]
    return [value]


def reference_errors(actor, model, values, instance=None):
    """{field: [message]} for each related value in `values` that `actor` may not choose.

    Values the instance already holds are not asked again: editing a record keeps what it links to."""
    fields = relation_fields(model)
    current = merged({}, instance)
    errors = {}
    for name, value in values.items():
        field = fields.get(name)
        if field is None:
            continue
        pks = set(_pks(value))
        if instance is not None and instance.pk:
            pks -= set(_pks(current[name]))
        if not pks:
            continue
        found = set(allowed(model, name, actor).filter(pk__in=pks).values_list("pk", flat=True))
        refused = pks - found
        if not refused:
            continue
        target = field.related_model._default_manager.all()
        # Records the actor may read (administrative units, say) are named as outside their scope; others
        # read as unknown, like ids that do not exist.
        seen = (
            set(target.visible_to(actor).filter(pk__in=refused).values_list("pk", flat=True))
            if hasattr(target, "visible_to")
            else set()
        )
        if seen:
            errors[name] = [OUT_OF_SCOPE_MESSAGE]
        else:
            values = ", ".join(str(pk) for pk in sorted(refused, key=str))
            errors[name] = [UNKNOWN_REFERENCE % {"field": field.verbose_name, "values": values}]
    return errors


class merged(Mapping):  # noqa: N801 - reads like a function: the record as it will be after the write
    """The values being written over the instance's current ones (for rules that need several fields)."""

    def __init__(self, values, instance=None):
        self.values, self.instance = values, instance

    def __getitem__(self, name):
        if name in self.values:
            return self.values[name]
        if self.instance is not None:
            try:
                field = self.instance._meta.get_field(name)
            except FieldDoesNotExist:
                return getattr(self.instance, name, None)
            if field.many_to_many:
                return list(getattr(self.instance, name).all()) if self.instance.pk else []
            return getattr(self.instance, name, None)
        return None

    def __iter__(self):
        return iter(self.values)

    def __len__(self):
        return len(self.values)

    def get(self, name, default=None):
        value = self[name]
        return default if value is None else value


def errors_for(actor, model, values, instance=None):
    """Every refusal of writing `values` on `instance` (or a new `model`) by `actor`: {field: [messages]}."""
    errors = reference_errors(actor, model, values, instance)
    rules = getattr(model, "domain_errors", None)
    if rules is not None:
        for name, messages in rules(actor, merged(values, instance), instance).items():
            if name not in errors:
                errors.setdefault(name, []).extend(messages)
    return errors


def validate(actor, model, values, instance=None):
    """Raise ValidationError({field: [messages]}) when `errors_for` finds anything."""
    errors = errors_for(actor, model, values, instance)
    if errors:
        raise ValidationError(errors)
