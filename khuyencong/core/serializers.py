"""The base of every API model serializer: related fields and rules come from the domain.

`ScopedModelSerializer` limits every writable related field to what `core.references.allowed` gives the
requesting user (an id outside it reads as unknown, exactly like an id that does not exist, so nothing
can be enumerated), then `run_validation` asks `core.references.validate` about the values written: the same
check and model rules the web forms and the import sheets call.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.relations import ManyRelatedField, RelatedField
from rest_framework.settings import api_settings

from . import references


def drf_errors(exc):
    """A Django ValidationError as DRF's error detail (non-field errors under DRF's key)."""
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): [
            str(message) for error in errors for message in error.messages
        ]
        for name, errors in exc.error_dict.items()
    }


def writable_relations(model, fields):
    """(field name, model field name, related field) for each writable related field of a serializer's
    `fields` that maps to a relation of `model` (the child relation for a many-related field)."""
    relations = references.relation_fields(model)
    for name, field in fields.items():
        if field.read_only:
            continue
        source = field.source if field.source not in (None, "*") else name
        relation = field.child_relation if isinstance(field, ManyRelatedField) else field
        if source in relations and isinstance(relation, RelatedField):
            yield name, source, relation


class ScopedModelSerializer(serializers.ModelSerializer):
    def actor(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None:  # output only (reports, exports): no choices to offer
            return fields
        for _name, source, relation in writable_relations(self.Meta.model, fields):
            if getattr(relation, "queryset", None) is not None:
                relation.queryset = references.narrow(
                    relation.queryset, self.Meta.model, source, request.user
                )
        return fields

    def run_validation(self, data=empty):
        """DRF's validation (fields, then the subclass's `validate`), then the domain's, whatever the
        subclass does."""
        attrs = super().run_validation(data)
        if attrs is None:
            return attrs
        try:
            references.validate(self.actor(), self.Meta.model, attrs, self.instance)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(drf_errors(exc)) from exc
        return attrs
