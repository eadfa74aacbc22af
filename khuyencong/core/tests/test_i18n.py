"""The Vietnamese catalogue is complete and the committed .mo matches the .po."""

import polib

from khuyencong.core.i18n import LOCALE_DIR, problems


def test_vietnamese_catalogue_is_complete():
    po = polib.pofile(str(LOCALE_DIR / "vi/LC_MESSAGES/django.po"))
    assert len(po) > 100
    assert problems(po) == []


def test_compiled_catalogue_is_up_to_date():
    po = polib.pofile(str(LOCALE_DIR / "vi/LC_MESSAGES/django.po"))
    mo = polib.mofile(str(LOCALE_DIR / "vi/LC_MESSAGES/django.mo"))
    as_dict = {(e.msgid, e.msgstr or str(e.msgstr_plural)) for e in po if not e.obsolete}
    assert as_dict == {(e.msgid, e.msgstr or str(e.msgstr_plural)) for e in mo}, "run: make messages"


def test_the_empty_choice_of_selects_is_in_vietnamese(client, personas):
    """Django 6.1's "- Select an option -" has no Vietnamese in Django's catalogue; ours carries it."""
    client.force_login(personas.lamdong)
    page = client.get("/facilities/new/").content.decode()
    assert '<option value="" selected>- Chọn -</option>' in page
    assert "Select an option" not in page
