"""Lookups of administrative units by code or name, valid on a date.

Names are matched as officers write them: any case, with or without diacritics, with or without the
unit's type or its abbreviation ("Tỉnh", "T.", "Thành phố", "TP.", "Xã", "Phường", "P."…), and the usual
abbreviations of names ("HCM" = Hồ Chí Minh). A name that matches nothing raises `UnitNotFound` with the
closest units valid on the day (`suggestions`, `hint_vi`, `hint_en`).
"""

import difflib
import re

from khuyencong.core import clock
from khuyencong.core.text import fold

from .choices import Level
from .models import AdminUnit


class UnitNotFound(LookupError):
    """No unit of that name or code; `suggestions` are the closest units valid on the day."""

    def __init__(self, text, suggestions=()):
        super().__init__(text)
        self.suggestions = list(suggestions)

    def _hint(self, ask, joiner):
        if not self.suggestions:
            return ""
        names = f" {joiner} ".join(f"'{unit.full_name}'" for unit in self.suggestions)
        return f" — {ask} {names}?"

    @property
    def hint_vi(self):
        """ " — có phải là 'Tỉnh Lâm Đồng'?" (empty without a suggestion), to append to a message."""
        return self._hint("có phải là", "hoặc")

    @property
    def hint_en(self):
        return self._hint("did you mean", "or")


class AmbiguousUnit(LookupError):
    pass


def resolve_province(text, on=None):
    """The province named or coded `text` (any case, with or without diacritics or "tỉnh").

    Looks first among provinces valid on `on` (default today), then among all provinces, so a
    former province such as Đắk Nông can always be named. Raises UnitNotFound / AmbiguousUnit.
    """
    return resolve_unit(text, Level.PROVINCE, on=on)


# Words officers put before a unit's name (folded, punctuation as spaces), longest first.
PREFIXES = {
    Level.PROVINCE: ("thanh pho", "tinh", "tp", "t"),
    "commune": ("thi tran", "dac khu", "phuong", "xa", "tt", "p", "x"),
}
# Abbreviated names (folded bare name → the name).
ABBREVIATIONS = {"hcm": "ho chi minh", "tphcm": "ho chi minh", "sg": "ho chi minh", "brvt": "ba ria vung tau"}
_NOT_WORD = re.compile(r"[^\w]+")


def bare_name(text, level):
    """The folded name without its type or abbreviation: "TP. HCM" → "ho chi minh", "P. Mũi Né" → "mui ne"."""
    key = " ".join(_NOT_WORD.sub(" ", fold(text)).split())
    if key in ABBREVIATIONS:
        return ABBREVIATIONS[key]
    for prefix in PREFIXES.get(level, ()):
        if key.startswith(prefix + " ") and len(key) > len(prefix) + 1:
            key = key[len(prefix) + 1 :]
            break
    if key.startswith("tp") and key[2:] in ABBREVIATIONS:  # "TP.HCM" written without a space
        return ABBREVIATIONS[key[2:]]
    return ABBREVIATIONS.get(key, key)


def resolve_unit(text, level, on=None, within=None):
    key = fold(text)
    if not key:
        raise UnitNotFound(text)
    base = AdminUnit.objects.filter(level=level)
    if within is not None:
        base = base.filter(province=within)
    day = on or clock.today()
    bare = bare_name(text, level)
    keys = [key] if bare in (key, "") else [key, bare]
    for name_key in keys:
        for fallback, candidates in enumerate((base.valid_on(day), base)):
            if name_key == key:
                by_code = list(candidates.filter(code=text.strip()))
                if fallback:
                    by_code = _oldest_if_before(by_code, day)
                if len(by_code) == 1:
                    return by_code[0]
            exact = [
                unit for unit in candidates.filter(search_text__contains=name_key) if name_key in _names(unit)
            ]
            if fallback:
                exact = _oldest_if_before(exact, day)
            if len(exact) == 1:
                return exact[0]
            if len(exact) > 1:
                raise AmbiguousUnit(text)
    raise UnitNotFound(text, suggestions=closest(bare or key, base.valid_on(day)))


def closest(name_key, units, n=3):
    """The units of `units` whose folded name is closest to `name_key` (a suggestion for a misspelling)."""
    names = {}
    for unit in units.only("pk", "name", "full_name", "level", "scheme"):
        names.setdefault(fold(unit.name), unit)
    return [names[found] for found in difflib.get_close_matches(name_key, list(names), n=n, cutoff=0.75)]


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
