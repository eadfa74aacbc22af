"""Writes to the beneficiary registry go through here (UI, API, demo data)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khuyencong.core import audit
from khuyencong.core.scoping import OutOfScope, can_edit
from khuyencong.core.text import fold

from .models import Facility


def find_duplicates(name, commune, *, exclude_pk=None):
    """Establishments with the same name, ignoring case and diacritics, in the same commune."""
    if not name:
        return Facility.objects.none()
    queryset = Facility.objects.filter(name_key=fold(name))
    queryset = (
        queryset.filter(commune=commune) if commune is not None else queryset.filter(commune__isnull=True)
    )
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset


class DuplicateFacility(ValidationError):
    def __init__(self, duplicates):
        self.duplicates = list(duplicates)
        names = ", ".join(f"{f.name} (#{f.pk})" for f in self.duplicates)
        super().__init__(
            _("An establishment with this name is already registered in this commune: %s") % names
        )


@transaction.atomic
def register_facility(*, actor, allow_duplicate=False, **data):
    """Create an establishment unless one with the same name already exists in the commune."""
    duplicates = find_duplicates(data.get("name"), data.get("commune"))
    if not allow_duplicate and duplicates.exists():
        raise DuplicateFacility(duplicates)
    with audit.acting_as(actor, reason="register facility"):
        facility = Facility.objects.create(**data)
    if actor is not None and not can_edit(actor, facility):
        raise OutOfScope
    return facility
