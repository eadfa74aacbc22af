"""Survey forms are data: a JSON definition of fields, validated here (server) and rendered by
`static/js/survey-offline.js` (phone). Both sides read the same keys:

    {"fields": [
        {"name": "workers", "label": "Số lao động", "label_en": "Workers", "type": "integer",
         "required": true, "min": 0, "facility_field": "workers"},
        {"name": "support_kind", "label": "...", "type": "choice",
         "choices": [["machinery", "Máy móc thiết bị"], ["training", "Đào tạo nghề"]],
         "show_if": {"field": "wants_support", "equals": true}},
        ...
    ]}

- `type` is one of `choices.FieldType`; `choice`/`multichoice` need `choices` ([value, label] pairs).
- `show_if` is the skip logic: the field is shown (and required, when `required`) only when the answer to
  `field` equals `equals` (or is one of `in`). A hidden field's answer is dropped.
- `facility_field` names the `facilities.Facility` field the answer fills when a response is merged into
  the registry.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .choices import FieldType

FIELD_KEYS = {
    "name",
    "label",
    "label_en",
    "type",
    "required",
    "choices",
    "show_if",
    "facility_field",
    "help",
    "min",
    "max",
}
# Registry fields a survey answer may fill (facilities.Facility), with the type the answer must have.
FACILITY_FIELDS = {
    "name": FieldType.TEXT,
    "kind": FieldType.CHOICE,
    "tax_code": FieldType.TEXT,
    "address": FieldType.TEXT,
    "industry": FieldType.TEXT,
    "products": FieldType.TEXTAREA,
    "workers": FieldType.INTEGER,
    "woman_owned": FieldType.BOOLEAN,
    "employs_ethnic_minorities": FieldType.BOOLEAN,
    "contact_name": FieldType.TEXT,
    "phone": FieldType.TEXT,
}
MAX_TEXT = 2000


def fields_of(definition):
    fields = (definition or {}).get("fields") if isinstance(definition, dict) else None
    return fields if isinstance(fields, list) else []


def validate_definition(definition):
    """Errors (list of strings) in a form definition; empty when it can be used."""
    errors = []
    if not isinstance(definition, dict) or not isinstance(definition.get("fields"), list):
        return [_('The definition must be an object with a list of "fields".')]
    if not definition["fields"]:
        return [_("A form needs at least one field.")]
    seen = []
    for position, field in enumerate(definition["fields"], start=1):
        if not isinstance(field, dict):
            errors.append(_("Field %(n)s is not an object.") % {"n": position})
            continue
        name = field.get("name")
        where = name or position
        if not isinstance(name, str) or not name.isidentifier():
            errors.append(_("Field %(n)s needs a name made of letters, digits and _.") % {"n": position})
        elif name in seen:
            errors.append(_("Field name %(name)s is used twice.") % {"name": name})
        unknown = set(field) - FIELD_KEYS
        if unknown:
            errors.append(
                _("Field %(field)s has unknown keys: %(keys)s")
                % {"field": where, "keys": ", ".join(sorted(unknown))}
            )
        if not isinstance(field.get("label"), str) or not field.get("label"):
            errors.append(_("Field %(field)s needs a label.") % {"field": where})
        kind = field.get("type")
        if kind not in FieldType.values:
            errors.append(_("Field %(field)s has an unknown type.") % {"field": where})
        if kind in (FieldType.CHOICE, FieldType.MULTICHOICE):
            choices = field.get("choices")
            if (
                not isinstance(choices, list)
                or not choices
                or not all(isinstance(c, list) and len(c) == 2 and isinstance(c[0], str) for c in choices)
            ):
                errors.append(_("Field %(field)s needs choices as [value, label] pairs.") % {"field": where})
        condition = field.get("show_if")
        if condition is not None and (
            not isinstance(condition, dict)
            or condition.get("field") not in seen
            or not ({"equals", "in"} & set(condition))
        ):
            errors.append(
                _("Field %(field)s: show_if must name an earlier field and give equals or in.")
                % {"field": where}
            )
        target = field.get("facility_field")
        if target is not None and target not in FACILITY_FIELDS:
            errors.append(_("Field %(field)s fills an unknown registry field.") % {"field": where})
        if isinstance(name, str):
            seen.append(name)
    return errors


def is_shown(field, answers):
    """Skip logic: whether `field` applies given the other answers."""
    condition = field.get("show_if")
    if not condition:
        return True
    value = answers.get(condition.get("field"))
    if "equals" in condition:
        return value == condition["equals"]
    return value in (condition.get("in") or [])


def _empty(value):
    return value is None or value == "" or value == []


def _clean_value(field, value):
    """The answer converted to its JSON-storable type; raises ValueError with a message."""
    kind = field.get("type")
    if kind in (FieldType.TEXT, FieldType.TEXTAREA):
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise ValueError(_("Enter text."))
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise ValueError(_("The text is too long."))
        return text
    if kind == FieldType.INTEGER:
        if isinstance(value, bool):
            raise ValueError(_("Enter a whole number."))
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValueError(_("Enter a whole number.")) from None
        _check_bounds(field, number)
        return number
    if kind == FieldType.DECIMAL:
        if isinstance(value, bool):
            raise ValueError(_("Enter a number."))
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("Enter a number.")) from None
        if not number.is_finite() or abs(number) > Decimal("1e15"):
            raise ValueError(_("Enter a number."))
        _check_bounds(field, number)
        return str(number)
    if kind == FieldType.DATE:
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValueError(_("Enter a date.")) from None
    if kind == FieldType.BOOLEAN:
        if isinstance(value, bool):
            return value
        if value in ("true", "1", 1):
            return True
        if value in ("false", "0", 0):
            return False
        raise ValueError(_("Answer yes or no."))
    if kind == FieldType.CHOICE:
        allowed = [c[0] for c in field.get("choices", [])]
        if value not in allowed:
            raise ValueError(_("Pick one of the choices."))
        return value
    if kind == FieldType.MULTICHOICE:
        allowed = [c[0] for c in field.get("choices", [])]
        if not isinstance(value, list) or any(item not in allowed for item in value):
            raise ValueError(_("Pick among the choices."))
        return value
    raise ValueError(_("This field takes no typed answer."))


def _check_bounds(field, number):
    low, high = field.get("min"), field.get("max")
    if low is not None and number < low:
        raise ValueError(_("At least %(min)s.") % {"min": low})
    if high is not None and number > high:
        raise ValueError(_("At most %(max)s.") % {"max": high})


def clean_answers(definition, answers, photo_fields=()):
    """Validate `answers` against the definition. Returns (cleaned answers, {field: message}).

    Hidden fields (skip logic) are dropped and never required; unknown keys are dropped. A required photo
    field is satisfied by a photo sent for it (`photo_fields`).
    """
    if not isinstance(answers, dict):
        return {}, {"answers": _("The answers must be an object.")}
    cleaned, errors = {}, {}
    for field in fields_of(definition):
        name = field["name"]
        # Skip logic reads the cleaned answers given so far (show_if names earlier fields only).
        if not is_shown(field, cleaned):
            continue
        if field.get("type") == FieldType.PHOTO:
            if field.get("required") and name not in photo_fields:
                errors[name] = _("A photo is required.")
            continue
        value = answers.get(name)
        if _empty(value):
            if field.get("required"):
                errors[name] = _("This answer is required.")
            continue
        try:
            cleaned[name] = _clean_value(field, value)
        except ValueError as exc:
            errors[name] = str(exc)
    return cleaned, errors


def facility_values(definition, answers):
    """{facility field: value} for the answers that fill registry fields."""
    values = {}
    for field in fields_of(definition):
        target = field.get("facility_field")
        if target and field["name"] in answers:
            value = answers[field["name"]]
            if target == "workers":
                value = int(value)
            values[target] = value
    return values


def label_of(field, language="vi"):
    if language.startswith("en") and field.get("label_en"):
        return field["label_en"]
    return field.get("label") or field.get("name")


def display_answers(definition, answers, language="vi"):
    """[(label, shown value)] in form order, for review pages."""
    rows = []
    for field in fields_of(definition):
        name = field["name"]
        if name not in answers:
            continue
        value = answers[name]
        labels = dict((c[0], c[1]) for c in field.get("choices", []) if isinstance(c, list) and len(c) == 2)
        if field.get("type") == FieldType.CHOICE:
            value = labels.get(value, value)
        elif field.get("type") == FieldType.MULTICHOICE:
            value = ", ".join(labels.get(item, item) for item in value)
        elif field.get("type") == FieldType.BOOLEAN:
            value = _("yes") if value else _("no")
        rows.append((label_of(field, language), value))
    return rows
