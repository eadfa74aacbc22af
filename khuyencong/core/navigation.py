"""The menu: grouped areas, each shown only to a user who may open it.

Whether a user may open an entry is asked of the entry's view, in this order:
1. the view class's `allows(user)` (views that refuse with 403 in `dispatch` say so there);
2. the view's `model`, or else the entry's `needs` (a model label, for pages about a model without being
   its list), if scoped: whether any of the user's grants could show one of its rows (`scoping.could_view`,
   from the roles alone, no query);
3. otherwise any signed-in user may.
So a menu never links to a page that answers 403 or shows a list the user can never fill. Apps do not
register here; an area appears once its app provides the URL name (core imports no other app).
"""

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, resolve, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .scoping import ScopedQuerySet, could_view


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: str
    needs: str = ""  # "app_label.Model": shown only if the user could see one of its rows


# The groups of the menu, in order (DESIGN §1).
MENU = [
    (
        _("Industrial clusters"),
        [
            Entry("clusters:list", pgettext_lazy("menu", "Cluster list")),
            Entry("clusters:map", pgettext_lazy("menu", "Cluster map"), needs="clusters.Cluster"),
        ],
    ),
    (
        _("Industrial promotion"),
        [
            Entry("programs:project-list", pgettext_lazy("menu", "Promotion projects")),
            Entry("programs:plan-list", pgettext_lazy("menu", "Promotion plans")),
            Entry("programs:provincial-cap-list", pgettext_lazy("menu", "Provincial support caps")),
            Entry("facilities:list", _("Beneficiaries")),
        ],
    ),
    (
        _("Network and inspections"),
        [
            Entry("surveys:collect", _("New survey")),
            Entry("surveys:home", _("Field network")),
            Entry("inspections:list", _("Inspections")),
            Entry("inspections:recommendation-list", _("Recommendations")),
        ],
    ),
    (
        _("Reports"),
        [
            Entry("reports:dashboard", _("Dashboard"), needs="clusters.Cluster"),
            Entry("reports:home", pgettext_lazy("menu", "Summary reports"), needs="clusters.Cluster"),
            Entry("reports:submissions", _("Periodic reports"), needs="reports.Submission"),
        ],
    ),
    (
        _("Correspondence and deadlines"),
        [
            Entry("deadlines:list", _("Due and overdue")),
            Entry("correspondence:list", _("Correspondence")),
        ],
    ),
    (
        pgettext_lazy("menu", "Administration"),
        [
            Entry("imports:upload", _("Import from Excel")),
            Entry("organisation-list", _("Organisations")),
            Entry("geography:province-list", _("Administrative units")),
        ],
    ),
]


def view_class(url):
    func = resolve(url).func
    return getattr(func, "view_class", None) or getattr(func, "cls", None)


def may_open(user, url, needs=""):
    """Whether `user` may open the page at `url` (see the module docstring)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cls = view_class(url)
    allows = getattr(cls, "allows", None)
    if allows is not None:
        return allows(user)
    model = getattr(cls, "model", None) or (apps.get_model(needs) if needs else None)
    if model is not None and isinstance(model._default_manager.all(), ScopedQuerySet):
        return could_view(user, model)
    return True  # reference data (administrative units) and pages of one's own (due items)


def menu(user, path=""):
    """The groups `user` may open, as [{"label", "items": [{"url", "label", "active"}]}]; empty groups are
    left out. The item whose URL is the longest prefix of `path` is active ("/reports/dashboard/" marks
    Dashboard, not also Reports), and so is its group."""
    groups = []
    for label, entries in MENU:
        items = []
        for entry in entries:
            try:
                url = reverse(entry.url_name)
            except NoReverseMatch:
                continue
            if may_open(user, url, entry.needs):
                items.append({"url": url, "label": entry.label, "active": False})
        if items:
            groups.append({"label": label, "items": items, "active": False})
    matches = [
        (item, group)
        for group in groups
        for item in group["items"]
        if path == item["url"] or path.startswith(item["url"])
    ]
    if matches:
        item, group = max(matches, key=lambda m: len(m[0]["url"]))
        item["active"] = group["active"] = True
    return groups
