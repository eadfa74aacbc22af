"""`khuyencong setup` hook: every decision recorded before the register existed gets its entry."""

from . import services


def load():
    return services.backfill()
