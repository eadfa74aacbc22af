from django.db import models
from django.db.models import Q

from khuyencong.core import clock
from khuyencong.core.text import fold


class AdminUnitQuerySet(models.QuerySet):
    """Administrative units are public reference data: visible to everyone, edited by no one in the UI."""

    def visible_to(self, user):
        return self.all()

    def editable_by(self, user):
        return self.none()

    def valid_on(self, day=None):
        day = day or clock.today()
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))

    def provinces(self):
        return self.filter(level="province")

    def communes(self):
        return self.filter(level="commune")

    def within_scope_of(self, user):
        """Units in the provinces the user's roles cover (all units for central/superusers)."""
        from khuyencong.core.scoping import ALL, GRANT_KIND, access_scope

        scope = access_scope(user)
        if scope.superuser or any(GRANT_KIND[g.role] == ALL for g in scope.grants):
            return self
        provinces = set()
        for grant in scope.grants:
            provinces |= grant.provinces
        return self.filter(Q(province_id__in=provinces) | Q(id__in=provinces))

    def search(self, text):
        """Diacritic- and case-insensitive match on the name, with or without its type ("tỉnh")."""
        key = fold(text)
        if not key:
            return self
        return self.filter(Q(search_text__contains=key) | Q(code=text.strip()))
