from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The areas of DESIGN §1. An area appears in the menu once its app provides the URL name.
NAVIGATION = [
    ("home", _("Overview")),
    ("deadlines:list", _("Due and overdue")),
    ("clusters:list", _("Industrial clusters")),
    ("programs:project-list", _("Industrial promotion")),
    ("facilities:list", _("Beneficiaries")),
    ("surveys:home", _("Field network")),
    ("inspections:list", _("Inspections")),
    ("reports:dashboard", _("Dashboard")),
    ("reports:home", _("Reports")),
    ("correspondence:list", _("Correspondence")),
    ("imports:upload", _("Import from Excel")),
    ("organisation-list", _("Organisations")),
    ("geography:province-list", _("Administrative units")),
]


def navigation(request):
    items = []
    for name, label in NAVIGATION:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": False})
    # The one item whose URL is the longest prefix of the page's path is active ("/reports/dashboard/" marks
    # Dashboard, not also Reports); the overview only on "/" itself.
    matches = [
        i
        for i in items
        if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {"nav_items": items, "MAP_TILE_URL": settings.MAP_TILE_URL}
