"""History: one audit mechanism for every domain model (django-simple-history; docs/adr/0003).

Every domain model declares `history = audit.HistoricalRecords()`. The acting user comes from,
in this order: an explicit `acting_as(user, reason)` block (services, imports, management
commands), then the current web/API request. A write with neither is still recorded, with no
user and the reason of the enclosing block (e.g. "khuyencong setup --demo").
"""

import contextvars
from contextlib import contextmanager

from django.dispatch import receiver
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
    """Field-level changes of one historical record against the previous one: [(label, old, new)]."""
    previous = record.prev_record
    model = record.instance_type
    if previous is None:
        return []
    delta = record.diff_against(previous)
    rows = []
    for change in delta.changes:
        try:
            label = model._meta.get_field(change.field).verbose_name
        except Exception:  # field removed since
            label = change.field
        rows.append((label, change.old, change.new))
    return rows


def history_for(obj, limit=200):
    """Historical records of `obj`, newest first, with their field changes."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
    )
    return [{"record": record, "changes": change_rows(record)} for record in records]
