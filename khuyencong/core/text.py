"""Text helpers for Vietnamese: NFC normalisation and diacritic-insensitive folding.

`fold()` is the one search key used everywhere: models store `fold(name)` in a `search_text`
column, and queries fold the user's input the same way, so "dak nong", "ĐẮK NÔNG" and
"Đắk Nông" all meet on "dak nong" on SQLite and PostgreSQL alike (no unaccent extension needed).
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value):
    """Return `value` NFC-normalised with runs of white space folded to one space and trimmed."""
    if value is None:
        return None
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


def fold(value):
    """Lower-case, strip diacritics (đ → d) and fold white space: the diacritic-insensitive search key."""
    if not value:
        return ""
    text = unicodedata.normalize("NFD", str(value).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    # Back to NFC: scripts whose decomposition has no combining marks (Hangul) stay as they were written.
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text.lower())).strip()


def in_sentence(full_name):
    """A unit's full name as written inside a sentence: "tỉnh Đắk Nông", "UBND thành phố Hà Nội"."""
    return full_name[:1].lower() + full_name[1:] if full_name else full_name
