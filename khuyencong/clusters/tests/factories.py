"""Factories of the clusters app. Decisions are recorded through the service so the status follows."""

from datetime import date
from decimal import Decimal

import factory

from khuyencong.accounts.tests.factories import province

from .. import services
from ..choices import DecisionKind
from ..models import Cluster, ClusterDecision, InfrastructureItem, LandRecord, TenantProject


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cụm thử {n}")
    code = factory.Sequence(lambda n: f"T-{n:03d}")
    province = factory.LazyFunction(lambda: province("67", scheme="legacy"))
    planned_area_ha = Decimal("50.00")
    latitude = Decimal("12.000000")
    longitude = Decimal("107.700000")


def decide(cluster, kind, issued_on, area=None, number=None, investor=None):
    """Record a decision through the service (status refreshed, investor assigned)."""
    decision = ClusterDecision(
        cluster=cluster,
        kind=kind,
        number=number or f"{issued_on:%m%d}/QĐ-UBND",
        issued_on=issued_on,
        issuing_body_name="UBND tỉnh",
        area_ha=Decimal(area) if area is not None else None,
        investor=investor,
    )
    services.record_decision(decision)
    cluster.refresh_from_db()
    return decision


def established_cluster(area="40.00", on=date(2020, 1, 1), **kwargs):
    cluster = ClusterFactory(**kwargs)
    decide(cluster, DecisionKind.PLAN_INCLUSION, date(2019, 1, 1), area="75")
    decide(cluster, DecisionKind.ESTABLISHMENT, on, area=area)
    return cluster


class LandRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LandRecord

    cluster = factory.SubFactory(ClusterFactory)
    period_end = date(2024, 12, 14)
    total_area_ha = Decimal("40.00")
    industrial_land_ha = Decimal("30.00")
    leased_ha = Decimal("15.00")


class InfrastructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InfrastructureItem

    cluster = factory.SubFactory(ClusterFactory)
    kind = "wastewater"
    state = "operating"


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenantProject

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"Dự án thứ cấp {n}")
    investor_name = "Công ty TNHH Thử"
    leased_area_ha = Decimal("2.00")
