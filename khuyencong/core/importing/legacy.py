"""Detection and conversion of Vietnamese text typed in the legacy TCVN3 (ABC) and VNI-Windows encodings.

Such text reaches Excel as "mojibake": the font (.VnTime, VNI-Times) drew Vietnamese glyphs for
byte values that Unicode reads as Latin-1/cp1252 characters, e.g. TCVN3 "Th¸i Nguyªn" and VNI
"Thaùi Nguyeân" for "Thái Nguyên".

Invariants:
- Text that contains any character above U+00FF (so any real Unicode Vietnamese letter such as
  "ệ", "đ", "ư") is never treated as legacy text.
- Text is only converted when its Unicode reading contains words that are not Vietnamese syllables
  and the legacy reading has strictly fewer of them; ties keep the text as it is.
- `convert_legacy` never guesses: if a word is still not a Vietnamese syllable after conversion the
  text is refused with a `CellError` naming those words.
"""

import re
import unicodedata
from functools import lru_cache

from .errors import CellError

TCVN3 = "tcvn3"
VNI = "vni"
ENCODING_NAMES = {TCVN3: "TCVN3 (ABC)", VNI: "VNI-Windows"}

# TCVN3 (TCVN 5712:1993, VN3 / ABC): one byte per letter, lowercase font .VnTime.
_TCVN3_SOURCE = "¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉËÐÌÎÏÑªÕÒÓÔÖÝ×ØÜÞãßáâä«èåæçé¬íêëìîóïñòô\xadøõö÷ùýúûüþ®¡¢§£¤¥¦"
_TCVN3_TARGET = "áàảãạăắằẳẵặâấầẩẫậéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵđĂÂĐÊÔƠƯ"
TCVN3_TABLE = dict(zip(_TCVN3_SOURCE, _TCVN3_TARGET, strict=True))
_TCVN3_TRANS = str.maketrans(TCVN3_TABLE)

# VNI-Windows: a base letter followed by a mark character (lowercase marks; uppercase text uses the
# same marks in capitals). Marks: plain tones, circumflex (+tone) and breve (+tone).
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
# Single characters standing for a whole letter.
_VNI_SINGLE = {
    "í": "í",
    "ì": "ì",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
    "ô": "ơ",
    "ö": "ư",
    "ñ": "đ",
}


def _build_vni():
    table = {}

    def add(source, target):
        table[source] = target
        # Upper-case forms: upper-case base with an upper- or lower-case mark.
        upper = unicodedata.normalize("NFC", target.upper())
        table[source.upper()] = upper
        table[source[0].upper() + source[1:]] = upper

    for base in "aeiouy":
        for mark, tone in _VNI_TONES.items():
            add(base + mark, unicodedata.normalize("NFC", base + tone))
    for base in "aeo":
        for mark, tone in _VNI_CIRCUMFLEX.items():
            add(base + mark, unicodedata.normalize("NFC", base + "\u0302" + tone))
    for mark, tone in _VNI_BREVE.items():
        add("a" + mark, unicodedata.normalize("NFC", "a\u0306" + tone))
    for base, letter in (("ô", "ơ"), ("ö", "ư")):
        for mark, tone in _VNI_TONES.items():
            add(base + mark, unicodedata.normalize("NFC", letter + tone))
    for source, target in _VNI_SINGLE.items():
        table[source] = target
        table[source.upper()] = target.upper()
    return table


VNI_TABLE = _build_vni()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, VNI_TABLE), key=len, reverse=True)))

# --- Vietnamese syllable check -------------------------------------------------------------------
_TONE_MARKS = {"\u0301", "\u0300", "\u0309", "\u0303", "\u0323"}
# Initials and finals include the letters of minority-language place names (Đắk Lắk, Cư Jút, Krông Pắc).
_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|kr|bl|pl|dr|[bcdđfghjklmnprstvwxz]"
_NUCLEI = (
    "oai|oay|oao|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu|iêu|yêu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|"
    "[aăâeêioôơuưy]"
)
_SYLLABLE = re.compile(f"(?:{_INITIALS})?(?:{_NUCLEI})(?:ch|nh|ng|[ckmnpt])?")
# A "word": a run of characters other than white space, digits, ASCII punctuation and a few neutral
# symbols (² ³ ± for units), so that TCVN3 symbol characters ("¸", "§") stay inside their word.
_WORD = re.compile(r"[^\s\d!-/:-@\[-`{-~²³±]+")


@lru_cache(maxsize=4096)
def is_vietnamese_syllable(word):
    """True if `word` (any case, NFC or NFD) is a well-formed Vietnamese syllable with at most one tone."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in decomposed if ch in _TONE_MARKS)
    if tones > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(base) is not None


def _bad_words(text):
    """Words of `text` that contain a non-ASCII character and are not Vietnamese syllables."""
    return [w for w in _WORD.findall(text) if not w.isascii() and not is_vietnamese_syllable(w)]


def _uppercase_if_caps(original, converted):
    """TCVN3 has one code per letter for both cases (.VnTimeH draws capitals): a cell whose ASCII
    letters are all capitals (at least two) is taken as written in the capitals font."""
    letters = [ch for ch in original if ch.isascii() and ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return converted.upper()
    return converted


def _raw_convert(text, encoding):
    if encoding == TCVN3:
        return _uppercase_if_caps(text, text.translate(_TCVN3_TRANS))
    if encoding == VNI:
        return _VNI_PATTERN.sub(lambda m: VNI_TABLE[m.group(0)], text)
    raise ValueError(f"unknown legacy encoding {encoding!r}")


def _is_candidate(text):
    # Pure ASCII, or anything beyond Latin-1 (real Unicode Vietnamese), is never legacy text.
    return bool(text) and not text.isascii() and max(text) <= "\xff"


@lru_cache(maxsize=8192)
def detect_legacy_encoding(text):
    """Return "tcvn3" or "vni" if `text` reads as TCVN3/VNI mojibake, None if it reads as Unicode.

    The encoding chosen is the one whose conversion leaves the fewest non-syllable words; it is only
    chosen if that is strictly fewer than the text read as Unicode (ties keep Unicode). When TCVN3 and
    VNI leave equally few, VNI wins if its reading joined letter + mark pairs (VNI's way of writing a
    toned vowel): the TCVN3 reading of such text is made of well-formed but wrong syllables ("noâng"
    is VNI "nông", not TCVN3 "noõng").
    """
    if not _is_candidate(text):
        return None
    best, best_count = None, len(_bad_words(text))
    if best_count == 0:
        return None
    for encoding in (TCVN3, VNI):
        converted = _raw_convert(text, encoding)
        count = len(_bad_words(converted))
        joined_pairs = encoding == VNI and best is not None and len(converted) < len(text)
        if count < best_count or (count == best_count and joined_pairs):
            best, best_count = encoding, count
    return best


def convert_legacy(text, encoding):
    """Convert TCVN3 or VNI mojibake `text` to NFC Unicode.

    Raises CellError if some words are still not Vietnamese after conversion (partially convertible
    text is reported, never guessed).
    """
    converted = unicodedata.normalize("NFC", _raw_convert(text, encoding))
    bad = _bad_words(converted)
    if bad:
        words = ", ".join(f"'{w}'" for w in bad[:5])
        name = ENCODING_NAMES[encoding]
        raise CellError(
            f"văn bản '{text}' có vẻ gõ bằng bảng mã {name} nhưng không chuyển đổi được hoàn toàn "
            f"(không nhận ra: {words}); hãy chuyển sang Unicode (ví dụ bằng Unikey) rồi nhập lại",
            f"text '{text}' looks like {name} but cannot be fully converted (unrecognised: {words}); "
            "convert it to Unicode (e.g. with Unikey) and import again",
        )
    return converted


def fix_legacy_text(text):
    """`text` converted to Unicode if it is TCVN3/VNI mojibake, else unchanged; CellError if partial."""
    if not _is_candidate(text):  # most text: no cache look-up (unique titles would only churn the cache)
        return text
    encoding = detect_legacy_encoding(text)
    return text if encoding is None else convert_legacy(text, encoding)
