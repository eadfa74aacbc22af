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


def get_history_user(instance=None, request=None, **kwargs):
    return current_actor()


def HistoricalRecords(**kwargs):  # noqa: N802 - mirrors simple_history's class name on purpose
    """simple_history.HistoricalRecords wired to our actor context."""
    kwargs.setdefault("get_user", get_history_user)
    kwargs.setdefault("user_db_constraint", False)
    return sh_models.HistoricalRecords(**kwargs)


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
    """Historical records of `obj`, newest first, with their field changes."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
    )
    return [{"record": record, "changes": change_rows(record)} for record in records]


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
