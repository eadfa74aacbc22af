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


# Vietnamese alphabetical order (with f, j, w, z for foreign names): letters first, tones second.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_VOWEL_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư): part of the letter
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def vn_sort_key(value):
    """Sort key for Vietnamese names: a ă â b c d đ e ê … y, then tones (ngang, huyền, hỏi, ngã, sắc, nặng),
    then case. "Cà Mau" < "Cao Bằng" (a space sorts first), "Đắk Lắk" after "Dương" and before "Gia Lai".
    """
    text = nfc(value) or ""
    letters, tones = [], []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char.lower())
        base = decomposed[0] + "".join(m for m in decomposed[1:] if m in _VOWEL_MARKS)
        base = unicodedata.normalize("NFC", base)
        tone = next((_TONE_RANK[m] for m in decomposed[1:] if m in _TONE_RANK), 0)
        if base in _LETTER_RANK:
            letters.append(100 + _LETTER_RANK[base])
        elif base.isspace():
            letters.append(0)
        elif base.isdigit():
            letters.append(1 + int(base) if base.isascii() else 50)
        else:
            letters.append(1000 + ord(base[0]))
        tones.append(tone)
    return tuple(letters), tuple(tones), text.swapcase()
