"""What every step of the field network shares: the refusal and the acting user."""

from django.core.exceptions import ValidationError


class NotAllowed(ValidationError):
    """The actor may not take this step on this record."""


def _user(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None
