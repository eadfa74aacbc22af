"""Procedure clocks pause while a dossier is out for completion (#20 item 7; Decree 32/2024 Art. 10(3)):
the Department's 25 days of appraisal count from a complete dossier."""

from datetime import date

import pytest

from khuyencong.accounts.tests.factories import province
from khuyencong.clusters.choices import DecisionKind
from khuyencong.clusters.due import items
from khuyencong.clusters.rules import check_cluster, procedure_deadlines
from khuyencong.clusters.tests.factories import ClusterFactory, decide
from khuyencong.deadlines.reference import load

pytestmark = pytest.mark.django_db


@pytest.fixture
def days(geo):
    load()


def steps(cluster):
    return {s.code: s for s in procedure_deadlines(cluster, list(cluster.decisions.all()))}


def test_the_appraisal_clock_stops_while_the_dossier_is_returned(days, personas):
    cluster = ClusterFactory(province=province("68"))
    decide(cluster, DecisionKind.DOSSIER_SUBMISSION, date(2026, 1, 9))
    assert steps(cluster)["appraisal"].due == date(2026, 2, 3)  # 25 days

    decide(cluster, DecisionKind.DOSSIER_RETURNED, date(2026, 1, 12))
    appraisal = steps(cluster)["appraisal"]
    assert appraisal.paused_since == date(2026, 1, 12)
    # Out for completion: nothing is due from the Department, and months later it is not overdue.
    due = list(items(personas.lamdong, date(2026, 1, 12), date(2026, 12, 31)))
    assert not [i for i in due if i.key.startswith(f"cluster:{cluster.pk}:")]
    warnings = check_cluster(cluster, today=date(2026, 6, 1))
    assert "processing_deadline" not in [w.code for w in warnings]

    decide(cluster, DecisionKind.DOSSIER_COMPLETED, date(2026, 1, 22))
    appraisal = steps(cluster)["appraisal"]
    # The 10 days out for completion are not counted: 03/02 + 10 days.
    assert appraisal.paused_since is None and appraisal.due == date(2026, 2, 13)
    due = {i.key: i for i in items(personas.lamdong, date(2026, 1, 22), date(2026, 12, 31))}
    assert due[f"cluster:{cluster.pk}:appraisal"].due == date(2026, 2, 13)
    assert "processing_deadline" in [w.code for w in check_cluster(cluster, today=date(2026, 6, 1))]
