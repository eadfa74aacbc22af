"""Decree 32/2024 Art. 8 as dated rules (#20 item 7): the establishment condition on the clusters already
established in the area (1)(c), and the infrastructure in use before an expansion (2)(d)."""

from datetime import date

import pytest

from khuyencong.accounts.tests.factories import province

from .. import rules
from ..choices import DecisionKind, InfrastructureKind
from .factories import ClusterFactory, InfrastructureFactory, LandRecordFactory, decide

pytestmark = pytest.mark.django_db


def warning(cluster, code):
    return next((w for w in rules.check_cluster(cluster) if w.code == code), None)


def established_with_land(lam_dong, industrial, leased, on=date(2024, 6, 1)):
    cluster = ClusterFactory(province=lam_dong)
    decide(cluster, DecisionKind.ESTABLISHMENT, on, area="50")
    LandRecordFactory(
        cluster=cluster,
        period_end=date(2025, 6, 14),
        total_area_ha=120,
        industrial_land_ha=industrial,
        leased_ha=leased,
    )
    return cluster


def test_a_new_cluster_where_the_established_ones_are_empty_is_flagged(geo):
    lam_dong = province("68")
    first = established_with_land(lam_dong, industrial=100, leased=30)
    established_with_land(lam_dong, industrial=100, leased=30)
    new = ClusterFactory(province=lam_dong)
    decide(new, DecisionKind.ESTABLISHMENT, date(2025, 9, 1), area="40", number="88/QĐ-UBND")
    found = warning(new, "establishment_condition")
    assert found is not None
    assert "Điều 8 khoản 1 điểm c" in found.legal_source
    assert "88/QĐ-UBND" in found.message and "30" in found.message and "140" in found.message
    # The earlier clusters are judged by their own dates: nothing was established before them.
    assert warning(first, "establishment_condition") is None


def test_the_condition_holds_with_high_occupancy_or_little_free_land(geo):
    lam_dong = province("68")
    established_with_land(lam_dong, industrial=100, leased=60)  # average 60 % > 50 %
    established_with_land(lam_dong, industrial=100, leased=40)
    new = ClusterFactory(province=lam_dong)
    decide(new, DecisionKind.ESTABLISHMENT, date(2025, 9, 1), area="40")
    assert warning(new, "establishment_condition") is None
    other = province("01")  # Hà Nội: Lâm Đồng's clusters are not in its area
    established_with_land(other, industrial=90, leased=10)  # 80 ha free ≤ 100 ha
    hanoi_new = ClusterFactory(province=other)
    decide(hanoi_new, DecisionKind.ESTABLISHMENT, date(2025, 9, 1), area="40")
    assert warning(hanoi_new, "establishment_condition") is None


def test_an_established_cluster_without_land_records_makes_the_condition_unknown(geo):
    lam_dong = province("68")
    decide(ClusterFactory(province=lam_dong), DecisionKind.ESTABLISHMENT, date(2024, 6, 1), area="50")
    new = ClusterFactory(province=lam_dong)
    decide(new, DecisionKind.ESTABLISHMENT, date(2025, 9, 1), area="40")
    assert warning(new, "establishment_condition_unknown") is not None


def test_expansion_needs_roads_water_and_wastewater_in_use_before_it(geo):
    cluster = ClusterFactory()
    decide(cluster, DecisionKind.ESTABLISHMENT, date(2020, 1, 1), area="40")
    InfrastructureFactory(cluster=cluster, kind="roads", in_service_on=date(2022, 5, 1))
    InfrastructureFactory(cluster=cluster, kind="water", in_service_on=date(2022, 5, 1))
    plant = InfrastructureFactory(cluster=cluster, kind="wastewater", state="under_construction")
    decide(cluster, DecisionKind.EXPANSION, date(2024, 10, 1), area="50", number="12/QĐ-UBND")
    found = warning(cluster, "expansion_infrastructure")
    assert found is not None and "Điều 8 khoản 2 điểm d" in found.legal_source
    text = found.message.lower()
    assert "12/QĐ-UBND".lower() in text and str(InfrastructureKind.WASTEWATER.label).lower() in text
    assert str(InfrastructureKind.ROADS.label).lower() not in text
    # In use, but only after the expansion: still not "in use before it".
    plant.state, plant.in_service_on = "operating", date(2025, 3, 1)
    plant.save()
    assert warning(cluster, "expansion_infrastructure") is not None
    plant.in_service_on = date(2024, 9, 1)
    plant.save()
    assert warning(cluster, "expansion_infrastructure") is None


def test_an_expansion_before_decree_32_is_not_held_to_it(geo):
    cluster = ClusterFactory()
    decide(cluster, DecisionKind.ESTABLISHMENT, date(2015, 1, 1), area="30")
    decide(cluster, DecisionKind.EXPANSION, date(2020, 10, 1), area="45")
    assert warning(cluster, "expansion_infrastructure") is None
