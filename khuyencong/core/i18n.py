"""Compile and check the gettext catalogues without GNU gettext (`python -m khuyencong.core.i18n`).

The compiled .mo files are committed so that `make demo` needs no gettext on a fresh machine;
`make messages` refreshes the .po files (with gettext) and recompiles them through this module.
"""

import sys
from pathlib import Path

import polib


def gettext_noop(message):
    """Marks a string for `make messages` (xgettext knows the name); this module runs without settings."""
    return message


# Django's own strings that its Vietnamese catalogue lacks: kept here so that `make messages` carries them
# into ours (LOCALE_PATHS comes before Django's catalogue). Django 6.1's empty choice of every select.
DJANGO_STRINGS = [gettext_noop("- Select an option -")]

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def catalogues():
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))


def problems(po):
    """Untranslated or fuzzy entries of a Vietnamese catalogue (English msgids need no translation)."""
    return [entry.msgid for entry in po if not entry.obsolete and (not entry.translated() or entry.fuzzy)]


def compile_all():
    for path in catalogues():
        po = polib.pofile(str(path))
        po.save_as_mofile(str(path.with_suffix(".mo")))
    return catalogues()


if __name__ == "__main__":
    for path in compile_all():
        print(f"compiled {path.relative_to(LOCALE_DIR.parent)}")
    vi = polib.pofile(str(LOCALE_DIR / "vi/LC_MESSAGES/django.po"))
    missing = problems(vi)
    if missing:
        print(f"{len(missing)} Vietnamese strings still need a translation:", *missing, sep="\n  ")
        sys.exit(1)
