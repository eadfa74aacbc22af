"""Querysets of the clusters app: the scoping layer plus the annotations lists and reports need."""

from django.apps import apps
from django.db.models import Exists, OuterRef, Subquery

from khuyencong.core.scoping import ScopedQuerySet
from khuyencong.core.text import fold

from .choices import InfrastructureKind, InfrastructureState


class ClusterQuerySet(ScopedQuerySet):
    def search(self, text):
        key = fold(text)
        return self.filter(search_text__contains=key) if key else self

    def with_occupancy(self):
        """Annotate `latest_occupancy` (%) and `latest_land_on` from the newest land record."""
        land = apps.get_model("clusters", "LandRecord").objects.filter(cluster=OuterRef("pk"))
        latest = land.order_by("-period_end", "-pk")
        return self.annotate(
            latest_occupancy=Subquery(latest.values("occupancy_pct")[:1]),
            latest_land_on=Subquery(latest.values("period_end")[:1]),
        )

    def with_wastewater(self):
        """Annotate `has_wastewater_plant`: a centralised wastewater plant is operating."""
        items = apps.get_model("clusters", "InfrastructureItem").objects.filter(
            cluster=OuterRef("pk"), kind=InfrastructureKind.WASTEWATER, state=InfrastructureState.OPERATING
        )
        return self.annotate(has_wastewater_plant=Exists(items))

    def for_list(self):
        """Everything a list row shows, in a fixed number of queries whatever the number of rows."""
        return (
            self.select_related("province", "investor")
            .prefetch_related("communes")
            .with_occupancy()
            .with_wastewater()
        )
