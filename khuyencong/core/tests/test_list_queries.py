"""Every main page issues a fixed, small number of queries whatever the number of rows (issue #8).

The national data is the benchmark generator's (bench/gendata.py) at a tiny scale; the pages are the
benchmark's own (`bench/measure_pages.py: measure_queries`) and the bound is its target
(`max_queries_per_page` ≤ 12). Detail pages are also built up row by row: more payments, decisions,
history... never cost one more query. No timing is asserted.
"""

import runpy
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

MAX_QUERIES = 12
PICKER_QUERIES = 2  # a list's filter pickers (see `budget`)
HOME_MAX_QUERIES = 40  # as core/tests/test_home.py

# The lists and API lists of the benchmark (bench/pages.py), read from there so the two cannot drift.
LISTS = runpy.run_path(str(Path(__file__).resolve().parents[3] / "bench" / "pages.py"))["MAIN_PAGES"]


@pytest.fixture
def national(db, geo, personas):
    from khuyencong.programs.reference import load

    load()
    call_command("gendata", scale=0.01, seed=5, verbosity=0)
    return personas


def count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def detail_pages(user):
    """(label, url) of the benchmark's detail pages (the newest visible record of each kind), then of the
    records with the most related rows."""
    from django.db.models import Count

    from khuyencong.clusters.models import Cluster, TenantProject
    from khuyencong.facilities.models import Facility
    from khuyencong.programs.models import Plan, Project

    cases = [
        (
            "đề án",
            Project,
            "/programs/{}/",
            Count("payments") + Count("status_changes") + Count("beneficiaries"),
        ),
        ("plan", Plan, "/programs/plans/{}/", Count("projects")),
        ("cluster", Cluster, "/clusters/{}/", Count("decisions") + Count("tenants") + Count("land_records")),
        ("tenant", TenantProject, "/clusters/tenants/{}/", None),
        ("facility", Facility, "/facilities/{}/", Count("projects")),
    ]
    for label, model, pattern, related in cases:
        visible = model.objects.visible_to(user)
        newest = visible.order_by("-pk").first()
        if newest is None:
            continue
        yield label, pattern.format(newest.pk)
        if related is not None:
            yield (
                f"{label} with the most rows",
                pattern.format(visible.annotate(n=related).order_by("-n", "pk")[0].pk),
            )


def budget(url):
    """The home gathers every app's work entries (its own budget: core/tests/test_home.py); a list page's
    filter pickers cost a fixed few queries (the user's provinces and their former units, the chosen
    province's communes), whatever the number of rows."""
    if url == "/":
        return HOME_MAX_QUERIES
    return MAX_QUERIES + PICKER_QUERIES


@pytest.mark.parametrize("who", ["central", "lamdong"])
def test_every_main_page_uses_at_most_12_queries(client, national, who):
    user = getattr(national, who)
    client.force_login(user)
    for url in LISTS:
        first = count(client, url)
        assert first <= budget(url), (url, first)
        # Another page of the same list (other rows, other related records): the same number of queries.
        separator = "&" if "?" in url else "?"
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{url}{separator}page=2")
        if response.status_code == 200:
            assert len(captured.captured_queries) == first, url
    checked = set()
    for label, url in detail_pages(user):
        checked.add(label)
        queries = count(client, url)
        assert queries <= MAX_QUERIES, (label, url, queries)
    assert {
        "đề án",
        "plan",
        "facility",
    } <= checked  # the officer's province may have no cluster at this scale


# -- detail pages built up row by row ------------------------------------------------------------------


def grows(client, url, add_rows):
    """Queries of `url` once every kind of related row exists, and after five more of each."""
    add_rows(0)
    before = count(client, url)
    for n in range(1, 6):
        add_rows(n)
    return before, count(client, url)


@pytest.mark.parametrize("who", ["central", "lamdong"])
def test_a_de_an_page_does_not_grow_with_its_related_rows(client, personas, ref, who):
    from khuyencong.correspondence.services import add_link
    from khuyencong.correspondence.tests.factories import entry
    from khuyencong.facilities.tests.factories import FacilityFactory
    from khuyencong.programs.choices import Level, PaymentKind, Status
    from khuyencong.programs.models import Payment, ProjectVersion, StatusChange, StopRequest
    from khuyencong.programs.tests.factories import M, PlanFactory, project

    place = personas.dak_nong  # inside Lâm Đồng's scope (its former province)
    # A national model đề án (KC03) with 95 % state support breaks the share cap: caps are read and shown.
    subject = project(place, level=Level.NATIONAL, support=950, total=1000, status=Status.IN_PROGRESS)

    def add_rows(n):
        Payment.objects.create(
            project=subject, kind=PaymentKind.ADVANCE, amount_vnd=M, paid_on=date(2026, 4, 1 + n)
        )
        StatusChange.objects.create(
            project=subject, transition="start", from_status=Status.CONTRACTED, to_status=Status.IN_PROGRESS
        )
        ProjectVersion.objects.create(project=subject, number=n + 1, data={"title": f"v{n}"}, reason=f"v{n}")
        StopRequest.objects.create(project=subject, reason=f"lý do {n}")
        add_link(entry(place, f"{n + 1}/CV-SCT"), project=subject)
        # History: a beneficiary more, another plan (a foreign key shown by name), another note.
        subject.beneficiaries.add(FacilityFactory(province=place))
        subject.plan = PlanFactory(province=place, level=Level.NATIONAL, year=2026 + n)
        subject.note = f"ghi chú {n}"
        subject.save()

    client.force_login(getattr(personas, who))
    before, after = grows(client, f"/programs/{subject.pk}/", add_rows)
    assert after == before
    # Every optional part present (stop requests, a broken cap, documents, a history with many-to-many
    # changes) costs at most two more queries than the benchmark's pages.
    assert before <= MAX_QUERIES + 2, before


@pytest.mark.parametrize("who", ["central", "lamdong"])
def test_a_cluster_page_does_not_grow_with_its_related_rows(client, personas, who):
    from khuyencong.accounts.choices import OrganisationKind
    from khuyencong.accounts.models import Organisation
    from khuyencong.clusters.choices import DecisionKind
    from khuyencong.clusters.models import ClusterInvestorAssignment, InfrastructureItem, TenantProject
    from khuyencong.clusters.tests.factories import ClusterFactory, LandRecordFactory, decide
    from khuyencong.correspondence.services import add_link
    from khuyencong.correspondence.tests.factories import entry

    place = personas.dak_nong
    cluster = ClusterFactory(province=place)
    cluster.communes.add(personas.lam_dong)

    def add_rows(n):
        decide(cluster, DecisionKind.PLAN_INCLUSION, date(2019, 1, 1 + n), area="75")
        LandRecordFactory(cluster=cluster, period_end=date(2024, 6, 1 + n))
        InfrastructureItem.objects.create(cluster=cluster, kind="roads", state="operating")
        TenantProject.objects.create(cluster=cluster, name=f"Nhà máy {n}")
        investor = Organisation.objects.create(name=f"Công ty {n}", kind=OrganisationKind.ENTERPRISE)
        ClusterInvestorAssignment.objects.create(
            cluster=cluster, investor=investor, kind="enterprise", since=date(2020, 1, 1 + n)
        )
        add_link(entry(place, f"{n + 1}/CV-SCT"), cluster=cluster)
        cluster.investor = investor
        cluster.planned_area_ha = Decimal("50") + n
        cluster.save()

    client.force_login(getattr(personas, who))
    before, after = grows(client, f"/clusters/{cluster.pk}/", add_rows)
    assert after == before
    assert before <= MAX_QUERIES + 1, before
