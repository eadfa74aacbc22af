"""What is due: one list of dated items per user, gathered from every app that has deadlines.

Each app that knows about deadlines provides `<app>.due.items(user, today, horizon)` returning `DueItem`s
inside the user's scope (found at run time, so this app imports none of them). The reminders page and
the e-mail reminders read this list; nothing else decides what is due.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import import_module, util

from django.apps import apps

from khuyencong.core import clock


@dataclass(frozen=True)
class DueItem:
    key: str  # stable across runs, e.g. "project:42:end"
    title: str
    due: date
    url: str
    kind: str  # what sort of item, shown as a label
    organisation: str = ""  # who must act, when that is an organisation
    detail: str = ""
    tags: tuple = field(default_factory=tuple)

    def days_left(self, today):
        return (self.due - today).days


def providers():
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("khuyencong.") and config.label != "deadlines":
            dotted = f"{config.name}.due"
            if util.find_spec(dotted) is not None:
                found.append(import_module(dotted).items)
    return found


def collect(user, today=None, horizon=30):
    """Items due within `horizon` days from `today` or already overdue, for `user`, soonest first."""
    today = today or clock.today()
    until = today + timedelta(days=horizon)
    items = {}
    for provider in providers():
        for item in provider(user, today, until):
            if item.due <= until:
                items[item.key] = item
    return sorted(items.values(), key=lambda i: (i.due, i.title))
