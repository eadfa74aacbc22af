"""What every sheet spec shares: the import context (actor, scope, caches, counts) and loose choice lists.

A sheet spec (`SheetSpec` subclass) declares its Vietnamese title and aliases, its `Column`s (first label
Vietnamese as an officer writes it, English aliases after) and `handle(row, ctx)`, which validates one row
against the domain and, when `ctx.write` is true, creates or updates the record by its natural key. In
the validation pass (`ctx.write` false) nothing is written: records that the file itself creates are
remembered in `ctx.pending` so later rows and sheets can refer to them.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from khuyencong.core.importing import CellError, clean_text, is_blank
from khuyencong.core.importing.parsers import fold_words
from khuyencong.core.scoping import DEFAULT_EDIT_ROLES, GRANT_KIND, PROVINCE, access_scope
from khuyencong.core.text import fold
from khuyencong.geography.services import AmbiguousUnit, UnitNotFound, resolve_province, resolve_unit

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
NEW_UNITS = "Tổ chức mới"  # counts key of the organisations (executing units, investors) an import creates
_PUNCT = re.compile(r"[^\w\s]+")
MILLION = Decimal(1_000_000)
# Amounts are whole VND in 64-bit integer columns (at most about 9,2 × 10^18). A cell above 10^12 triệu
# đồng (10^18 VND, hundreds of times the state budget) is a typing error, and sums of a few amounts (the
# total cost of a đề án) still fit.
MAX_MILLION_VND = Decimal(10**12)

# Plausible figures (docs/import-template.md, "Units"): a value above these is refused with the unit it was
# likely written in (đồng under a "(triệu đồng)" header, m² under "(ha)"). An order of magnitude above the
# largest legal figure: a unit slip (x1000, x10000) always lands above it, a real figure never does.
# Areas: ten times the legal maximum of a CCN (75 ha, ND 32/2024 Art. 2; pre-2009 CCNs may be larger).
CCN_MAX_AREA_HA = Decimal(75)
PLAUSIBLE_AREA_HA = 10 * CCN_MAX_AREA_HA
REFERENCE_CAPS = "reference_data/programs/support_caps.json"  # under settings.BASE_DIR


def largest_support_cap_million():
    """The largest state-support cap ever in force (SupportCap, else reference data), triệu đồng."""
    from django.db.models import Max

    from khuyencong.programs.models import SupportCap

    largest = SupportCap.objects.aggregate(m=Max("max_amount_vnd"))["m"]
    if not largest:
        import json
        from pathlib import Path

        from django.conf import settings

        path = Path(settings.BASE_DIR) / REFERENCE_CAPS
        caps = json.loads(path.read_text(encoding="utf-8"))["caps"] if path.exists() else []
        largest = max((c.get("max_amount_vnd") or 0 for c in caps), default=0) or 10**9
    return Decimal(largest) / MILLION


def plausible(spec_key, column):
    """`column` with its plausibility bound (`Column.maximum`) when the sheet spec did not give one."""
    from dataclasses import replace

    if column.maximum is not None:
        return column
    if spec_key == "projects" and column.key == "support":
        return replace(column, maximum=10 * largest_support_cap_million())
    if column.unit == "ha":
        return replace(column, maximum=PLAUSIBLE_AREA_HA)
    return column


def loose_key(text):
    """Folded text with punctuation turned into spaces: "Hội chợ, triển lãm" = "hoi cho trien lam"."""
    return " ".join(_PUNCT.sub(" ", fold_words(text)).split())


def loose_choice(choices):
    """A parser for `choices` = {code: [Vietnamese label, aliases...]}: any case, diacritics, punctuation."""
    keys = {}
    for code, labels in choices.items():
        for label in (str(code), *labels):
            keys.setdefault(loose_key(label), code)
    accepted = "; ".join(labels[0] for labels in choices.values())

    def parse(value):
        text = clean_text(value)
        code = keys.get(loose_key(text or ""))
        if code is None:
            raise CellError(
                f"giá trị '{text}' không hợp lệ; chấp nhận: {accepted}",
                f"invalid value '{text}'; accepted: {accepted}",
            )
        return code

    parse.choices = choices
    return parse


YES_NO = loose_choice({True: ["Có", "x", "Yes", "1"], False: ["Không", "No", "0"]})


def text_limited(limit):
    """clean_text that refuses text longer than the database column."""

    def parse(value):
        text = clean_text(value)
        if text and len(text) > limit:
            raise CellError(
                f"quá dài ({len(text)} ký tự, tối đa {limit})",
                f"too long ({len(text)} characters, max {limit})",
            )
        return text

    return parse


_VND = {}  # amount in triệu đồng -> whole VND, for amounts already converted (they repeat)


def million_to_vnd(row, key):
    """The cell `key` (triệu đồng, Decimal) as whole VND, or None after recording an error on the row."""
    value = row.values.get(key)
    if value is None:
        return 0
    vnd = _VND.get(value)
    if vnd is not None:
        return vnd
    if value < 0:
        row.error(key, "số tiền không được âm", "the amount must not be negative")
        return None
    if value > MAX_MILLION_VND:
        row.error(key, "số tiền quá lớn", "the amount is too large")
        return None
    vnd = value * MILLION
    if vnd != vnd.to_integral_value():
        row.error(key, "số tiền lẻ hơn 1 đồng", "the amount has a fraction of a đồng")
        return None
    if len(_VND) < 4096:
        _VND[value] = int(vnd)
    return int(vnd)


@dataclass
class ImportContext:
    """State shared by the sheets of one import run (one pass: validation, or writing)."""

    actor: object
    report: object
    write: bool
    filename: str = ""
    progress: object = None
    counts: dict = field(default_factory=dict)
    pending: dict = field(default_factory=dict)  # what the file creates: (kind, key) -> object or marker
    _units: dict = field(default_factory=dict)
    _provinces: object = None

    def __post_init__(self):
        self._provinces = editable_province_ids(self.actor)

    # -- counts and progress ------------------------------------------------------------------------

    def count(self, sheet, outcome):
        bucket = self.counts.setdefault(sheet, {CREATED: 0, UPDATED: 0, UNCHANGED: 0})
        bucket[outcome] = bucket.get(outcome, 0) + 1

    def tick(self):
        if self.progress is not None:
            self.progress(1)

    def plan(self, level, year, province):
        """The annual plan of this level, year and province if one is recorded (imports create none)."""
        key = ("plan", level, year, province.pk)
        if key not in self._units:
            from khuyencong.programs.models import Plan

            self._units[key] = Plan.objects.filter(level=level, year=year, province=province).first()
        return self._units[key]

    # -- scope --------------------------------------------------------------------------------------

    def may_edit_province(self, province):
        """True if the actor may write records located in `province` (no actor: a system import)."""
        return self._provinces is None or province.pk in self._provinces

    def check_scope(self, row, key, province):
        if province is not None and not self.may_edit_province(province):
            row.error(
                key,
                f"{province.full_name} ngoài phạm vi được sửa của tài khoản; không nhập dòng của tỉnh khác",
                f"{province.full_name} is outside what your account may edit; rows of another province "
                "cannot be imported",
            )
            return False
        return True

    # -- administrative units ----------------------------------------------------------------------

    def family(self, province):
        """Ids of `province`, the units it absorbed and the units it became (and theirs): the same place
        across the 2025 reorganisation, used to match records named in different years."""
        if province is None:
            return frozenset()
        cache_key = ("family", province.pk)
        if cache_key not in self._units:
            ids = set(province.all_predecessor_ids())
            for unit in province.current_units():
                ids |= unit.all_predecessor_ids()
            self._units[cache_key] = frozenset(ids)
        return self._units[cache_key]

    def province(self, row, key, on):
        """The province named in cell `key`, as valid on `on` (a former province stays itself)."""
        text = row.values.get(key)
        if is_blank(text):
            return None
        found = self._units.get(("p-text", text, on))  # the same text again: no folding
        if found is None:
            found = self._units[("p-text", text, on)] = self._find_province(text, on)
        if isinstance(found, CellError):
            row.error(key, found)
            return None
        return found

    def _find_province(self, text, on):
        cache_key = ("p", fold(text), on)
        if cache_key not in self._units:
            try:
                self._units[cache_key] = resolve_province(text, on=on)
            except UnitNotFound as exc:
                self._units[cache_key] = CellError(
                    f"không tìm thấy tỉnh/thành phố '{text}'{exc.hint_vi}",
                    f"province '{text}' not found{exc.hint_en}",
                )
            except AmbiguousUnit:
                self._units[cache_key] = CellError(
                    f"tên tỉnh '{text}' chưa rõ (trùng nhiều đơn vị)", f"province name '{text}' is ambiguous"
                )
        return self._units[cache_key]

    def commune(self, row, key, province, on, text=None):
        """The commune/ward in cell `key` (or `text`, one of several there) in `province`, valid on `on`."""
        text = row.values.get(key) if text is None else text
        if is_blank(text) or province is None:
            return None
        found = self._units.get(("c-text", text, province.pk, on))  # the same text again: no folding
        if found is None:
            found = self._units[("c-text", text, province.pk, on)] = self._find_commune(text, province, on)
        if isinstance(found, CellError):
            row.error(key, found)
            return None
        return found

    def _find_commune(self, text, province, on):
        cache_key = ("c", fold(text), province.pk, on)
        if cache_key not in self._units:
            try:
                self._units[cache_key] = resolve_unit(text, "commune", on=on, within=province)
            except UnitNotFound as exc:
                self._units[cache_key] = CellError(
                    f"không tìm thấy xã/phường '{text}' thuộc {province.full_name}{exc.hint_vi}",
                    f"commune '{text}' not found in {province.full_name}{exc.hint_en}",
                )
            except AmbiguousUnit:
                self._units[cache_key] = CellError(
                    f"tên xã/phường '{text}' chưa rõ (trùng nhiều đơn vị)",
                    f"commune name '{text}' is ambiguous",
                )
        return self._units[cache_key]


def editable_province_ids(actor):
    """Ids of the provinces whose records `actor` may edit (with predecessors); None means any.

    Mirrors `core.scoping.scope_filter(..., edit=True)` for province-scoped records: no actor (a command
    run by the operator) or a superuser may import anywhere; an officer only in the provinces of their
    grants; a user without an editing role nowhere.
    """
    if actor is None:
        return None
    scope = access_scope(actor)
    if scope.superuser:
        return None
    ids = set()
    for grant in scope.grants:
        if grant.role in DEFAULT_EDIT_ROLES and GRANT_KIND[grant.role] == PROVINCE:
            ids |= set(grant.provinces)
    return frozenset(ids)


class SheetSpec:
    """Base of the per-domain sheet specs (see the module docstring)."""

    key = ""
    title = ""
    aliases = ()
    optional = True
    notes = ""

    @property
    def names(self):
        return (self.title, *self.aliases)

    def columns(self):
        raise NotImplementedError

    def reader_columns(self):
        """`columns()` as the reader uses them: with their plausibility bounds (`plausible`)."""
        return [plausible(self.key, column) for column in self.columns()]

    def prefetch(self, rows, ctx):
        """Hook: fetch what `rows` (a batch, in order) will look up, with one query (optional)."""

    def handle(self, row, ctx):
        """Validate one row and (when ctx.write) save it; return CREATED, UPDATED, UNCHANGED or None."""
        raise NotImplementedError

    def flush(self, ctx):
        """Hook: write what `handle` collected for the batch (bulk writes); called after each batch."""

    def year_date(self, year):
        return date(year, 1, 1)
