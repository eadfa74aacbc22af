"""Rules by date warn and never block; unconfirmed versions are kept but not applied."""

from datetime import date
from decimal import Decimal

import pytest

from .. import reference, rules
from ..choices import DecisionKind
from .factories import ClusterFactory, LandRecordFactory, decide

pytestmark = pytest.mark.django_db


def codes(cluster, **kwargs):
    return [w.code for w in rules.check_cluster(cluster, **kwargs)]


def test_rule_versions_by_date_and_unconfirmed_ones_are_not_applied():
    assert "Nghị định 68/2017" in rules.rule("cluster_size", date(2020, 1, 1)).legal_source
    assert "Nghị định 32/2024" in rules.rule("cluster_size", date(2024, 5, 1)).legal_source
    assert "32/2024" in rules.rule("cluster_size", date(2026, 10, 1)).legal_source  # ND 303 unconfirmed
    assert rules.rule("cluster_size", date(2010, 1, 1)) is None
    assert "rule versions" in reference.load()


def test_size_limits_depend_on_type_and_area():
    assert codes(ClusterFactory(planned_area_ha=Decimal("8"))) == ["cluster_size"]
    assert codes(ClusterFactory(planned_area_ha=Decimal("8"), kind="craft_village")) == []
    assert codes(ClusterFactory(planned_area_ha=Decimal("6"), in_mountainous_area=True)) == []
    assert codes(ClusterFactory(planned_area_ha=Decimal("80"))) == ["cluster_size"]
    legacy = ClusterFactory(planned_area_ha=Decimal("120"), is_legacy=True)
    warnings = rules.check_cluster(legacy)
    assert [w.code for w in warnings] == ["cluster_size", "legacy_regularisation"]
    assert "35" in str(warnings[0].message)  # says the legacy exemption applies


def test_expansion_below_the_occupancy_threshold_warns():
    cluster = ClusterFactory()
    decide(cluster, DecisionKind.ESTABLISHMENT, date(2020, 1, 1), area="40")
    LandRecordFactory(cluster=cluster, period_end=date(2024, 6, 14), industrial_land_ha=30, leased_ha=15)
    decide(cluster, DecisionKind.EXPANSION, date(2024, 10, 1), area="50")
    assert "expansion_occupancy" in codes(cluster)
    LandRecordFactory(cluster=cluster, period_end=date(2024, 9, 14), industrial_land_ha=30, leased_ha=21)
    assert "expansion_occupancy" not in codes(cluster)


def test_out_of_order_and_overdue_dossiers_warn():
    cluster = ClusterFactory()
    decide(cluster, DecisionKind.DETAILED_PLAN, date(2022, 1, 1), area="30")
    assert "sequence" in codes(cluster)
    waiting = ClusterFactory()
    decide(waiting, DecisionKind.DOSSIER_SUBMISSION, date(2025, 1, 2))
    # Without the year's days off the deadline is not counted (weekends only would ignore Tết).
    assert "calendar_missing" in codes(waiting, today=date(2025, 3, 1))
    from khuyencong.deadlines.reference import load

    load()
    assert "processing_deadline" in codes(waiting, today=date(2025, 3, 1))
    assert "processing_deadline" not in codes(waiting, today=date(2025, 1, 20))


def test_land_record_computes_occupancy_of_industrial_land():
    record = LandRecordFactory(total_area_ha=50, industrial_land_ha=40, leased_ha=10)
    assert record.occupancy_pct == Decimal("25.00")
