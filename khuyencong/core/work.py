"""The home's "my work" (việc của tôi): what a user must do now, gathered from every app, and the
figures of their scope.

Each app that gives people work provides a module `<app>.work` with any of:
- `entries(user, today)` → `WorkEntry`s: a label, a count, a link, an urgency (what is overdue, due, waiting);
- `figures(user)` → `Figure`s: the size of the user's scope (clusters, đề án, establishments…);
- `panels(user, today)` → `Panel`s: a small table the home shows first for some roles (the central agency's
  34 provinces' reporting status, an investor's clusters and their reports).
The modules are found at run time among the installed apps (as deadlines.due does), so core imports none of
them. Every count is asked of `Model.objects.visible_to(user)` / `editable_by(user)` in the app, in a fixed
number of queries whatever the data (the home's query budget is tested). An entry is shown only if it has
something to do (count > 0, or it is an action such as "New survey") and only if the user may open its link
(`navigation.may_open`, the menu's rule).
"""

from dataclasses import dataclass
from importlib import import_module, util
from urllib.parse import urlsplit

from django.apps import apps

from . import clock
from .navigation import may_open

# Urgency, most pressing first: past its deadline, due soon, waiting for the user, something to start.
OVERDUE = "overdue"
DUE = "due"
WAITING = "waiting"
ACTION = "action"
URGENCY_ORDER = {OVERDUE: 0, DUE: 1, WAITING: 2, ACTION: 3}


@dataclass(frozen=True)
class WorkEntry:
    key: str  # stable, e.g. "reports:to-review"
    label: str
    count: int | None  # None: an action without a count ("New survey")
    url: str
    urgency: str = WAITING
    order: int = 50  # among entries of the same urgency
    needs: str = ""  # "app_label.Model" for navigation.may_open, when the view has no model of its own
    detail: str = ""


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: str  # already formatted (core.formatting)
    url: str = ""
    order: int = 50
    needs: str = ""


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: dict
    order: int = 50


def _modules():
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("khuyencong.") and config.name != __package__:
            dotted = f"{config.name}.work"
            if util.find_spec(dotted) is not None:
                found.append(import_module(dotted))
    return found


def _may_open(user, item):
    if not item.url:
        return True
    return may_open(user, urlsplit(item.url).path, item.needs)


def entries(user, today=None):
    """What `user` must do now, most urgent first; only entries with something to do that they may open."""
    today = today or clock.today()
    found = []
    for module in _modules():
        provider = getattr(module, "entries", None)
        if provider is None:
            continue
        for entry in provider(user, today):
            if (entry.count is None or entry.count > 0) and _may_open(user, entry):
                found.append(entry)
    return sorted(found, key=lambda e: (URGENCY_ORDER.get(e.urgency, 9), e.order, str(e.label)))


def figures(user):
    found = []
    for module in _modules():
        provider = getattr(module, "figures", None)
        if provider is not None:
            found += [f for f in provider(user) if _may_open(user, f)]
    return sorted(found, key=lambda f: (f.order, str(f.label)))


def panels(user, today=None):
    today = today or clock.today()
    found = []
    for module in _modules():
        provider = getattr(module, "panels", None)
        if provider is not None:
            found += list(provider(user, today))
    return sorted(found, key=lambda p: p.order)
