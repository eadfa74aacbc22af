from .models import AdminUnit


def load():
    """Load administrative units unless they are already there (`khuyencong geo load` forces a refresh)."""
    from .loader import load_units

    if AdminUnit.objects.exists():
        return "administrative units already loaded"
    counts = load_units()
    return ", ".join(f"{scheme}/{level}: {n}" for (scheme, level), n in counts.items())
