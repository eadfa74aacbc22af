"""The sheets of the import template, in the order they are read (facilities before the đề án naming them)."""

from .clusters import ClusterSheet
from .facilities import FacilitySheet
from .programs import ProjectSheet
from .tenants import TenantSheet


def all_sheets():
    """Fresh sheet specs (they cache reference data for one import run), in reading order."""
    return [ClusterSheet(), TenantSheet(), FacilitySheet(), ProjectSheet()]
