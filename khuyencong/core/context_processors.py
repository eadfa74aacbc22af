from django.conf import settings

from .navigation import menu


def navigation(request):
    """The grouped menu of what the signed-in user may open (core/navigation.py)."""
    user = getattr(request, "user", None)
    groups = menu(user, request.path) if user is not None and user.is_authenticated else []
    return {"nav_groups": groups, "MAP_TILE_URL": settings.MAP_TILE_URL}
