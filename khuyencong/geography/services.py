"""Lookups of administrative units by code or name, valid on a date."""

from datetime import date

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
    for candidates in (base.valid_on(on or date.today()), base):
        by_code = list(candidates.filter(code=text.strip()))
        if len(by_code) == 1:
            return by_code[0]
        exact = [unit for unit in candidates.filter(search_text__contains=key) if key in _names(unit)]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise AmbiguousUnit(text)
    raise UnitNotFound(text)


def _names(unit):
    return {fold(unit.name), fold(unit.full_name)}
