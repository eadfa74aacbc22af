"""The cluster report reads each cluster's stored summary (Cluster.summary) when it holds on the day asked,
and derives the state from the decisions otherwise: the figures are the same either way, and the summary
never outlives a change of what it is derived from."""

import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from khuyencong.clusters import services
from khuyencong.clusters.models import Cluster, ClusterDecision, ClusterInvestorAssignment
from khuyencong.clusters.tests.factories import ClusterFactory, decide
from khuyencong.reports import cluster_report
from khuyencong.reports.common import ReportArea

pytestmark = pytest.mark.django_db

DAYS = (date(2019, 12, 31), date(2025, 5, 16), date(2025, 6, 30), date.today())


def reports(days=DAYS):
    """Every report of the demo data worth comparing: by province and nationally, on several days."""
    found = {}
    for day in days:
        for name in ("Đắk Nông", "Lâm Đồng", "Hà Nội", "VN"):
            data = cluster_report.build(ReportArea.resolve(name, day), as_of=day)
            found[(name, day)] = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return found


def test_stored_summaries_give_the_same_reports_as_the_decisions(demo):
    stored = Cluster.objects.filter(summary__isnull=False).count()
    assert stored == Cluster.objects.count() > 10  # the services keep one for every cluster
    with_summaries = reports()
    Cluster.objects.update(summary=None)
    assert reports() == with_summaries
    # `khuyencong setup` (run after every upgrade) stores them again, identical to what the decisions give.
    call_command("setup", verbosity=0)
    assert not Cluster.objects.filter(summary__isnull=True).exists()
    assert reports() == with_summaries
    assert json.loads(with_summaries[("Đắk Nông", date(2025, 5, 16))])["planned"]["area_ha"] == 825


def test_summary_follows_every_write_it_depends_on(personas):
    cluster = ClusterFactory(name="Tâm Thắng", province=personas.dak_nong, planned_area_ha="50")
    services.refresh_status(cluster)
    decide(cluster, "plan_inclusion", date(2020, 1, 1), area="60")
    decide(cluster, "establishment", date(2021, 1, 1), area="55.5")
    cluster.refresh_from_db()
    assert services.summary_holds(cluster.summary, "2021-01-01")
    assert not services.summary_holds(cluster.summary, "2020-12-31")
    area = ReportArea.resolve("Đắk Nông", date(2025, 5, 16))

    def established():
        data = cluster_report.build(area, as_of=date(2025, 5, 16))
        return data["established"]["count"], data["established"]["area_ha"]

    assert established() == (1, 55.5)
    # A write around the services (an assignment saved directly, a decision edited in place) clears it.
    ClusterInvestorAssignment.objects.create(
        cluster=cluster, investor=personas.investor_org, kind="enterprise", since=date(2022, 1, 1)
    )
    assert Cluster.objects.get(pk=cluster.pk).summary is None
    services.refresh_status(cluster)
    decision = ClusterDecision.objects.get(cluster=cluster, kind="establishment")
    decision.area_ha = "44.4"
    decision.save()
    assert Cluster.objects.get(pk=cluster.pk).summary is None
    assert established() == (1, 44.4)  # derived from the decisions meanwhile
    services.refresh_status(cluster)
    assert established() == (1, 44.4)
    # A decision dated after the day asked: the summary holds only from that date on.
    decide(cluster, "revocation", date.today() + timedelta(days=30))
    cluster.refresh_from_db()
    assert not services.summary_holds(cluster.summary, date.today().isoformat())
    assert established() == (1, 44.4)
    assert cluster_report.build(area, as_of=date.today() + timedelta(days=30))["established"]["count"] == 0
    # Deleting the decision through the service stores the summary again.
    services.delete_decision(ClusterDecision.objects.get(cluster=cluster, kind="revocation"))
    assert services.summary_holds(Cluster.objects.get(pk=cluster.pk).summary, date.today().isoformat())


def test_report_order_uses_the_folded_name(personas):
    """The lists are in the order of the folded name, read from search_text (the model stores it first)."""
    for name in ("Đồng Nai", "Đăk Mil", "Dak R'lấp", "A | B", "Ân Thi"):
        cluster = ClusterFactory(name=name, province=personas.dak_nong)
        decide(cluster, "plan_inclusion", date(2020, 1, 1), area="20")
    data = cluster_report.build(ReportArea.resolve("Đắk Nông", date(2025, 5, 16)), as_of=date(2025, 5, 16))
    assert data["planned"]["names"] == ["A | B", "Ân Thi", "Đăk Mil", "Dak R'lấp", "Đồng Nai"]
