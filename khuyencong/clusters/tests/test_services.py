"""Status is derived from dated decisions, out-of-order cases included; investor history is dated."""

from datetime import date
from decimal import Decimal

import pytest

from khuyencong.accounts.tests.factories import OrganisationFactory

from .. import services
from ..choices import ClusterStatus, DecisionKind, InvestorKind
from .factories import ClusterFactory, decide

pytestmark = pytest.mark.django_db
K = DecisionKind


def test_no_decision_means_no_record_and_legacy_is_flagged():
    assert ClusterFactory().status == ClusterStatus.NO_RECORD
    legacy = ClusterFactory(is_legacy=True)
    services.refresh_status(legacy)
    assert legacy.status == ClusterStatus.LEGACY_UNREGULARISED


def test_normal_sequence_moves_the_status_forward():
    cluster = ClusterFactory()
    steps = [
        (K.PLAN_INCLUSION, ClusterStatus.PLANNED),
        (K.APPLICATION_NOTICE, ClusterStatus.APPLICATION_OPEN),
        (K.DOSSIER_SUBMISSION, ClusterStatus.UNDER_APPRAISAL),
        (K.ESTABLISHMENT, ClusterStatus.ESTABLISHED),
        (K.DETAILED_PLAN, ClusterStatus.DETAILED_PLAN_APPROVED),
        (K.ENVIRONMENTAL_PERMIT, ClusterStatus.PRE_CONSTRUCTION),
        (K.CONSTRUCTION_START, ClusterStatus.UNDER_CONSTRUCTION),
        (K.OPERATION, ClusterStatus.OPERATING),
    ]
    for month, (kind, expected) in enumerate(steps, start=1):
        decide(cluster, kind, date(2020, month, 1), area="40" if kind == K.ESTABLISHMENT else None)
        assert cluster.status == expected, kind


def test_detailed_plan_without_establishment_is_accepted_and_flagged():
    cluster = ClusterFactory()
    decide(cluster, K.PLAN_INCLUSION, date(2023, 12, 31), area="75")
    decide(cluster, K.DETAILED_PLAN, date(2022, 5, 1), area="30")  # dated before the plan: out of order
    assert cluster.status == ClusterStatus.DETAILED_PLAN_APPROVED
    state = services.state_as_of(cluster, cluster.decisions.all())
    assert state.detailed_plan and not state.established
    assert state.anomalies == ["detailed_plan_without_establishment"]
    assert state.detailed_plan_area_ha == Decimal("30")


def test_state_as_of_a_date_ignores_later_decisions():
    cluster = ClusterFactory()
    decide(cluster, K.PLAN_INCLUSION, date(2019, 1, 1), area="75")
    decide(cluster, K.ESTABLISHMENT, date(2020, 6, 1), area="40")
    decide(cluster, K.EXPANSION, date(2024, 6, 1), area="60")
    decisions = list(cluster.decisions.all())
    assert services.state_as_of(cluster, decisions, date(2020, 5, 31)).status == ClusterStatus.PLANNED
    assert services.state_as_of(cluster, decisions, date(2020, 6, 1)).established_area_ha == Decimal("40")
    assert services.state_as_of(cluster, decisions, date(2024, 6, 1)).established_area_ha == Decimal("60")


def test_revocation_and_removal():
    cluster = ClusterFactory()
    decide(cluster, K.PLAN_INCLUSION, date(2019, 1, 1), area="75")
    decide(cluster, K.ESTABLISHMENT, date(2020, 1, 1), area="40")
    decide(cluster, K.REVOCATION, date(2022, 1, 1))
    assert cluster.status == ClusterStatus.REVOKED
    decide(cluster, K.ESTABLISHMENT, date(2023, 1, 1), area="30", number="2/QĐ-UBND")
    assert cluster.status == ClusterStatus.ESTABLISHED
    other = ClusterFactory()
    decide(other, K.PLAN_INCLUSION, date(2019, 1, 1), area="75")
    decide(other, K.PLAN_REMOVAL, date(2024, 1, 1))
    assert other.status == ClusterStatus.REMOVED_FROM_PLAN
    assert not services.state_as_of(other, other.decisions.all()).in_plan


def test_deleting_a_decision_derives_the_status_again():
    cluster = ClusterFactory()
    decide(cluster, K.PLAN_INCLUSION, date(2019, 1, 1))
    establishment = decide(cluster, K.ESTABLISHMENT, date(2020, 1, 1), area="40")
    services.delete_decision(establishment)
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.PLANNED


def test_investor_history_is_dated_and_read_by_date():
    cluster = ClusterFactory()
    centre = OrganisationFactory(name="Trung tâm hạ tầng", kind="public_unit")
    company = OrganisationFactory(name="Công ty hạ tầng", kind="foreign_enterprise")
    services.assign_investor(cluster, centre, since=date(2018, 1, 1))
    decide(cluster, K.ADJUSTMENT, date(2022, 3, 1), area="40", investor=company)
    cluster.refresh_from_db()
    assert cluster.investor == company and cluster.investor_kind == InvestorKind.FOREIGN_ENTERPRISE
    rows = list(cluster.investor_assignments.order_by("since"))
    assert [(r.investor, r.until) for r in rows] == [(centre, date(2022, 2, 28)), (company, None)]
    assert services.investor_as_of(cluster, rows, date(2020, 1, 1)) == (centre, InvestorKind.PUBLIC_UNIT)
    assert services.investor_as_of(cluster, rows, date(2017, 1, 1)) == (None, InvestorKind.NONE)
    # The same investor again is not a new assignment.
    services.assign_investor(cluster, company, since=date(2023, 1, 1))
    assert cluster.investor_assignments.count() == 2


def test_status_override_only_for_legacy_clusters():
    with pytest.raises(ValueError):
        services.set_status_override(ClusterFactory(), ClusterStatus.OPERATING, "x")
    legacy = ClusterFactory(is_legacy=True)
    services.set_status_override(legacy, ClusterStatus.OPERATING, "hồ sơ chưa số hóa")
    assert legacy.effective_status == ClusterStatus.OPERATING and legacy.status_is_manual


def test_writes_are_audited_with_the_actor(personas):
    cluster = ClusterFactory()
    services.assign_investor(
        cluster, OrganisationFactory(kind="enterprise"), since=date(2020, 1, 1), actor=personas.lamdong
    )
    assert cluster.history.latest().history_user == personas.lamdong
