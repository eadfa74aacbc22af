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
        items.append(
            {
                "url": url,
                "label": label,
                "active": request.path.startswith(url) and url != "/" or request.path == url,
            }
        )
    return {"nav_items": items, "MAP_TILE_URL": settings.MAP_TILE_URL}
