"""`makemessages` that also extracts `_l("…")` (our alias of gettext_lazy, used where `_` is gettext).

Django's xgettext call knows `_`, `gettext_lazy` and the other full names only: a string marked with the
alias alone was left out of the catalogue and shown in English on Vietnamese pages."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_l"]
