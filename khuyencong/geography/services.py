"""Lookups of administrative units by code or name, valid on a date."""

from khuyencong.core import clock
from khuyencong.core.text import fold

from .choices import Level
from .models import AdminUnit


class UnitNotFound(LookupError):
    pass


class AmbiguousUnit(LookupError):
    pass


def resolve_province(text, on=None):
    """The province named or coded `text` (any case, with or without diacritics or "tỉnh").

    Looks first among provinces valid on `on` (default today), then among all provinces, so a
    former province such as Đắk Nông can always be named. Raises UnitNotFound / AmbiguousUnit.
    """
    return resolve_unit(text, Level.PROVINCE, on=on)


def resolve_unit(text, level, on=None, within=None):
    key = fold(text)
    if not key:
        raise UnitNotFound(text)
    base = AdminUnit.objects.filter(level=level)
    if within is not None:
        base = base.filter(province=within)
    day = on or clock.today()
    for fallback, candidates in enumerate((base.valid_on(day), base)):
        by_code = list(candidates.filter(code=text.strip()))
        if fallback:
            by_code = _oldest_if_before(by_code, day)
        if len(by_code) == 1:
            return by_code[0]
        exact = [unit for unit in candidates.filter(search_text__contains=key) if key in _names(unit)]
        if fallback:
            exact = _oldest_if_before(exact, day)
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise AmbiguousUnit(text)
    raise UnitNotFound(text)


def _oldest_if_before(units, day):
    """Units of one name or code none of which is valid on `day`: if `day` is before all of them (a record
    older than the code lists, e.g. a cluster established in 1998), the one that starts first is the unit
    as it was then (the legacy Lâm Đồng, not the 2025 one); otherwise all of them."""
    if len(units) < 2:
        return units
    start = min(unit.valid_from for unit in units)
    first = [unit for unit in units if unit.valid_from == start]
    return first if day < start and len(first) == 1 else units


def _names(unit):
    return {fold(unit.name), fold(unit.full_name)}
