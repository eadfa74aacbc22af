"""What still refers to a record that cannot be deleted: one message for the pages and the API."""

from collections import Counter

from django.db.models import ProtectedError, RestrictedError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

DELETE_BLOCKERS = (ProtectedError, RestrictedError)


def references(exc):
    """[(verbose name, count)] of the records named by a ProtectedError/RestrictedError, most first."""
    objects = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", None) or ()
    counts = Counter(type(obj) for obj in objects)
    rows = [
        (str(model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural), count)
        for model, count in counts.items()
    ]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def counted_references(obj, accessors):
    """[(verbose name, count)] of the records reached from `obj` through these reverse accessors: the
    references that keep a record although they would not block its deletion in the database."""
    rows = []
    for accessor in accessors:
        related = getattr(obj, accessor)
        count = related.count()
        if count:
            meta = related.model._meta
            rows.append((str(meta.verbose_name if count == 1 else meta.verbose_name_plural), count))
    return rows


def still_referenced_message(obj, exc):
    """'X cannot be deleted: it is still referred to by 2 đề án, 1 inspection. …' (translated)."""
    return references_message(obj, references(exc))


def references_message(obj, rows):
    listed = ", ".join(f"{count} {name}" for name, count in rows)
    return _(
        "%(record)s cannot be deleted: it is still referred to by %(references)s. "
        "Remove or change those records first."
    ) % {"record": f"{capfirst(obj._meta.verbose_name)} «{obj}»", "references": listed}
