"""History: one audit mechanism for every domain model (django-simple-history; docs/adr/0003).

Every domain model declares `history = audit.HistoricalRecords()`. The acting user comes from,
in this order: an explicit `acting_as(user, reason)` block (services, imports, management
commands), then the current web/API request. A write with neither is still recorded, with no
user and the reason of the enclosing block (e.g. "khuyencong setup --demo").
"""

import contextvars
from contextlib import contextmanager

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history import models as sh_models
from simple_history import utils
from simple_history.signals import pre_create_historical_record

_actor = contextvars.ContextVar("khuyencong_audit_actor", default=None)
_reason = contextvars.ContextVar("khuyencong_audit_reason", default=None)
_request = contextvars.ContextVar("khuyencong_audit_request", default=None)


@contextmanager
def acting_as(user, reason=None):
    """Attribute every write inside the block to `user` (may be None for system jobs) with `reason`."""
    actor_token = _actor.set(user)
    reason_token = _reason.set(reason)
    try:
        yield
    finally:
        _actor.reset(actor_token)
        _reason.reset(reason_token)


def current_actor():
    actor = _actor.get()
    if actor is not None:
        return actor
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    if user is not None and user.is_authenticated:
        return user
    return None


_REASON_LABELS = []  # (prefix, {rest: label} or callable(rest) → label or None)


def register_reasons(prefix, labels):
    """Show a stored reason `prefix + rest` on history pages as `labels[rest]` (a dict, or a callable
    returning the label or None), in the reader's language. The stored reason stays what the code wrote
    (stable, searchable); only its display is translated. Apps register theirs in `AppConfig.ready`."""
    _REASON_LABELS.append((prefix, labels))


def reason_label(reason):
    """The translated label of a stored history reason; an unregistered reason is shown as stored."""
    if not reason:
        return ""
    for prefix, labels in _REASON_LABELS:
        if reason.startswith(prefix):
            rest = reason[len(prefix) :]
            label = labels(rest) if callable(labels) else labels.get(rest)
            if label is not None:
                return str(label)
    return reason


def get_history_user(instance=None, request=None, **kwargs):
    return current_actor()


class _HistoricalRecords(sh_models.HistoricalRecords):
    """History tables indexed for how they are read: by the record's key (`id`), newest first.

    simple_history indexes every copied field that is indexed, unique or a foreign key on the record's
    table (the đề án history had 14 indexes: code and search text twice each, status twice, every foreign
    key). Nothing reads history by those fields (`history_for`, edit conflicts and survey merges all
    filter by the record's key and order by history id or date), so they were only a cost: an index
    entry per field for every saved version, and the bulk of the history's share of an import
    (docs/performance.md, "Import")."""

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for name, field in fields.items():
            if name != model._meta.pk.name:
                field.db_index = False
        return fields


def HistoricalRecords(**kwargs):  # noqa: N802 - mirrors simple_history's class name on purpose
    """simple_history.HistoricalRecords wired to our actor context, indexed only by the record's key."""
    kwargs.setdefault("get_user", get_history_user)
    kwargs.setdefault("user_db_constraint", False)
    return _HistoricalRecords(**kwargs)


@receiver(pre_create_historical_record)
def _attach_reason(sender, instance, history_instance, **kwargs):
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = _reason.get() or ""
    if history_instance.history_user_id is None:
        actor = current_actor()
        if actor is not None:
            history_instance.history_user_id = actor.pk


class AuditActorMiddleware:
    """Makes the current request available to the history machinery (web and API writes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def change_rows(record):
    """Field-level changes of one historical record against the previous one: [(label, old, new)].

    Foreign keys are shown by the related record's name, not its id; choices by their label."""
    previous = record.prev_record
    model = record.instance_type
    if previous is None:
        return []
    delta = record.diff_against(previous)
    rows = []
    for change in delta.changes:
        try:
            field = model._meta.get_field(change.field)
        except Exception:  # field removed since
            rows.append((change.field, change.old, change.new))
            continue
        rows.append((field.verbose_name, _display(field, change.old), _display(field, change.new)))
    return rows


def _display(field, value):
    if value in (None, ""):
        return value
    if field.is_relation and field.many_to_one:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def history_for(obj, limit=200):
    """Historical records of `obj`, newest first, with their field changes:
    [{record, action, reason, changes}] (`reason`: the translated label of the stored reason).

    A change that changed none of the fields shown, with no reason saying what happened, is left out:
    a row reading "Changed" and nothing else tells the reader nothing.

    A fixed number of queries whatever the number of records (the history panel of every detail page):
    one for the records, joined to their users and to the records their foreign keys point to, and, when
    there are two records or more, one per many-to-many field kept in history (joined to its related
    records). Each record is compared with the next older one (one more record is read for the oldest
    shown); foreign keys are shown by the related record's name, choices by their label."""
    history = obj.history
    model = history.model
    fields = [f for f in model.tracked_fields if f.editable and f.name not in _m2m_names(model)]
    relations = []
    for f in fields:
        if f.is_relation and f.many_to_one:
            # The related record and its own required foreign keys (a plan's name shows its province).
            relations.append(f.name)
            relations += [f"{f.name}__{sub.name}" for sub in _required_relations(f.related_model)]
    records = list(
        history.select_related("history_user", *relations).order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    m2m = _m2m_members(model, records)
    names = _NameCache()
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            changes = _field_changes(obj, fields, record, previous, names) + _m2m_changes(
                model, m2m, record, previous, names
            )
            changes.sort(key=lambda change: change[0])
        reason = reason_label(record.history_change_reason)
        if previous is not None and record.history_type == "~" and not changes and not reason:
            continue
        entries.append(
            {
                "record": record,
                "action": HISTORY_TYPES.get(record.history_type, record.history_type),
                "reason": reason,
                "changes": [tuple(row) for _name, *row in changes],
            }
        )
    return entries


def _required_relations(model):
    return [f for f in model._meta.concrete_fields if f.is_relation and f.many_to_one and not f.null]


def _m2m_names(history_model):
    return {field.name for field in getattr(history_model, "_history_m2m_fields", ())}


def _field_changes(obj, fields, record, previous, names):
    """[(field name, label, old, new)] of the concrete fields that differ between two records."""
    model = type(obj)
    rows = []
    for field in fields:
        old, new = field.value_from_object(previous), field.value_from_object(record)
        if old == new:
            continue
        try:
            label = model._meta.get_field(field.name).verbose_name
        except Exception:  # field removed since
            label = field.name
        if field.is_relation and field.many_to_one:
            old = names.related(field, previous, old)
            new = names.related(field, record, new)
        elif field.choices:
            choices = dict(field.flatchoices)
            old, new = choices.get(old, old), choices.get(new, new)
        rows.append((field.name, label, old, new))
    return rows


def _m2m_members(history_model, records):
    """{field name: {history id: {related id: related record or None}}} for the many-to-many fields kept
    in history: one query per field, with the related records joined (None once deleted)."""
    found = {}
    ids = [record.history_id for record in records]
    for field in getattr(history_model, "_history_m2m_fields", ()):
        members = {pk: {} for pk in ids}
        if len(ids) > 1:  # a single record is compared with nothing
            m2m_model = getattr(records[0], field.name).model
            related = utils.get_m2m_reverse_field_name(field)
            attname = m2m_model._meta.get_field(related).attname
            for row in m2m_model._default_manager.filter(history_id__in=ids).select_related(related):
                members[row.history_id][getattr(row, attname)] = getattr(row, related)
        found[field.name] = members
    return found


def _m2m_changes(history_model, m2m, record, previous, names):
    rows = []
    for field in getattr(history_model, "_history_m2m_fields", ()):
        old, new = m2m[field.name][previous.history_id], m2m[field.name][record.history_id]
        if old.keys() != new.keys():
            rows.append((field.name, field.verbose_name, names.many(field, old), names.many(field, new)))
    return rows


class _NameCache:
    """Names of the related records a history panel shows, one str() per distinct record: they come
    joined to the history rows (foreign keys to the record, many-to-many members to their rows)."""

    def __init__(self):
        self.texts = {}

    def _text(self, model, pk, related):
        key = (model, pk)
        if key not in self.texts:
            self.texts[key] = str(related) if related is not None else pk
        return self.texts[key]

    def related(self, field, record, value):
        if value in (None, ""):
            return value
        return self._text(field.related_model, value, getattr(record, field.name, None))

    def many(self, field, members):
        texts = [str(self._text(field.related_model, pk, related)) for pk, related in members.items()]
        return "; ".join(sorted(texts))


# Optimistic locking: an edit form carries the id of the newest history row it was based on. If somebody
# saved the record since, the save is refused and the other person's changes are shown, never overwritten.
VERSION_FIELD = "_history_version"


class EditConflict(Exception):
    def __init__(self, entries):
        super().__init__("edit conflict")
        self.entries = entries

    def message(self):
        from django.utils.translation import gettext as _

        parts = []
        for entry in self.entries:
            record = entry["record"]
            changes = "; ".join(f"{label}: {old} → {new}" for label, old, new in entry["changes"])
            who = record.history_user or _("system")
            when = timezone.localtime(record.history_date)
            parts.append(f"{who} ({when:%d/%m/%Y %H:%M}): {changes or HISTORY_TYPES[record.history_type]}")
        return _(
            "Someone else saved this record after you opened it; your changes were not saved. "
            "Their changes: %(changes)s. Check the form and save again."
        ) % {"changes": " | ".join(parts)}


def latest_history_id(obj):
    return obj.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


def add_version_field(form, refresh=False):
    from django import forms as django_forms

    current = latest_history_id(form.instance)
    form.fields[VERSION_FIELD] = django_forms.IntegerField(
        widget=django_forms.HiddenInput, required=False, initial=current
    )
    if refresh and form.is_bound:
        data = form.data.copy()
        data[form.add_prefix(VERSION_FIELD)] = current
        form.data = data


def check_version(form):
    """Raise EditConflict if the record gained history rows since the form was rendered (row locked)."""
    instance = form.instance
    if VERSION_FIELD not in form.fields or not getattr(instance, "pk", None):
        return
    based_on = form.cleaned_data.get(VERSION_FIELD)
    if based_on is None:
        return
    type(instance)._default_manager.select_for_update().filter(pk=instance.pk).exists()
    newer = instance.history.filter(history_id__gt=based_on).order_by("history_id")
    if newer.exists():
        entries = [
            {"record": record, "changes": change_rows(record)}
            for record in newer.select_related("history_user")
        ]
        raise EditConflict(entries)


def bulk_history_from_database(queryset, *, user=None, reason="", date=None, history_type="+"):
    """One historical row per record of `queryset`, copied from the stored row inside the database.

    What simple_history's `bulk_history_create` writes for the same records (the tracked fields as
    stored, `history_type`, the user, the reason, one date for all), with one INSERT … SELECT
    (`core.importing.bulk.insert_select`) instead of loading the records and compiling an INSERT per row:
    for bulk writes of thousands of rows (imports).
    Like `bulk_history_create`, sends no signals. Returns the number of rows written.
    """
    from django.conf import settings
    from django.db import router
    from simple_history.utils import get_history_manager_for_model

    from khuyencong.core.importing.bulk import Col, insert_select

    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return 0
    history = get_history_manager_for_model(queryset.model).model
    values = {field.name: Col(field.name) for field in history.tracked_fields}
    if hasattr(history, "history_relation"):
        values["history_relation"] = Col(queryset.model._meta.pk.name)
    values.update(
        history_date=date or timezone.now(),
        history_change_reason=reason or "",
        history_type=history_type,
        history_user=getattr(user, "pk", user),
    )
    return insert_select(history, queryset, values, using=router.db_for_write(history))
