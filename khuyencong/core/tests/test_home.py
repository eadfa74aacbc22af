"""The home per role: "my work" first (counts and links of what the person must do now), then the panels
and figures of their scope, in a small fixed number of queries."""

import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khuyencong.accounts.models import User
from khuyencong.core import clock, work
from khuyencong.deadlines.due import collect
from khuyencong.geography.models import AdminUnit
from khuyencong.imports.choices import JobKind, JobStatus
from khuyencong.imports.models import Job
from khuyencong.reports.models import Submission, SubmissionStatus
from khuyencong.reports.periods import ReportForm
from khuyencong.reports.work import current_period

pytestmark = pytest.mark.django_db
PERSONAS = ["lamdong", "hanoi", "trunguong", "nhadautu", "ctv", "doanhnghiep", "xa"]
QUERY_BUDGET = 40  # whatever the data: every provider asks a fixed number of aggregate queries


def home(client, username, language="vi"):
    user = User.objects.get(username=username)
    client.force_login(user)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return user, response.content.decode()


def entry(page, key):
    """(count, href) of the "my work" entry `key`, or None when the home does not show it."""
    match = re.search(
        rf'data-work="{re.escape(key)}">\s*<a href="([^"]+)"><span class="work-count">(\d+)</span>', page
    )
    return (int(match.group(2)), match.group(1)) if match else None


def test_officer_sees_overdue_items_with_their_count(client, demo):
    user, page = home(client, "lamdong", "en")
    today = clock.today()
    overdue = [item for item in collect(user, today, horizon=7) if item.due < today]
    assert overdue, "the demo has overdue items for Lâm Đồng"
    assert entry(page, "deadlines:overdue") == (len(overdue), "/deadlines/")
    assert "My work" in page
    # the overdue entry comes first, and the figures of the province follow
    assert page.index('data-work="deadlines:overdue"') < page.index('id="figures-title"')
    assert 'data-figure="clusters:count"' in page


def test_collaborator_sees_new_survey_and_their_queue(client, demo):
    user, page = home(client, "ctv")
    assert re.search(r'<a href="/surveys/collect/" role="button"[^>]*>Khảo sát mới</a>', page)
    assert 'data-work="surveys:my-assignments"' in page and 'href="/surveys/"' in page
    keys = [e.key for e in work.entries(user)]
    assert [k for k in keys if k in {"surveys:new", "surveys:my-assignments"}] == [
        "surveys:new",
        "surveys:my-assignments",
    ]
    # nothing of the officers' work: no reports, imports or letters
    assert not any(k.startswith(("reports:", "imports:", "correspondence:")) for k in keys)
    assert 'data-panel="reports:provinces"' not in page


def test_investor_sees_their_cluster_and_its_reports(client, demo):
    user, page = home(client, "nhadautu", "en")
    panel = page.split('data-panel="reports:my-clusters"', 1)[1].split("</section>", 1)[0]
    assert "BMC" in panel and 'data-form="bieu02"' in panel
    assert "Thuận An" not in panel  # the public centre's cluster is not theirs
    assert entry(page, "reports:chain-to-file") is not None
    assert 'data-panel="reports:provinces"' not in page


@pytest.mark.parametrize(("username", "form"), [("doanhnghiep", "bieu01"), ("xa", "bieu03")])
def test_enterprise_and_commune_see_the_reports_they_file(client, demo, username, form):
    """The chain of TT 14/2024: the enterprise files Biểu 01 of its project, the commune Biểu 03."""
    user, page = home(client, username, "en")
    panel = page.split('data-panel="reports:my-clusters"', 1)[1].split("</section>", 1)[0]
    assert f'data-form="{form}"' in panel
    count, url = entry(page, "reports:chain-to-file")
    assert count >= 1 and url == "/reports/submissions/"


def test_central_sees_the_reporting_status_of_the_34_provinces_first(client, demo):
    user, page = home(client, "trunguong", "en")
    panel = page.split('data-panel="reports:provinces"', 1)[1].split("</section>", 1)[0]
    assert len(re.findall(r'<li data-province="\d+"', panel)) == 34
    counts = re.findall(r'data-status="(\w+)">[^<]*<strong>(\d+)</strong>', panel)
    assert sum(int(n) for _status, n in counts) == 34
    assert page.index('data-panel="reports:provinces"') < page.index('id="figures-title"')
    assert 'data-work="imports:waiting"' not in page


def test_imports_waiting_for_confirmation_are_counted(client, demo):
    user = User.objects.get(username="lamdong")
    Job.objects.create(user=user, kind=JobKind.IMPORT, status=JobStatus.PREVIEWED)
    Job.objects.create(user=user, kind=JobKind.IMPORT, status=JobStatus.SUCCEEDED)
    _user, page = home(client, "lamdong")
    assert entry(page, "imports:waiting") == (1, "/imports/jobs/")


def test_entries_link_only_to_pages_the_user_may_open(demo, monkeypatch):
    """The menu's rule: an entry whose page would refuse the user (the import page for central) is left out,
    whatever its provider counted."""
    provider = SimpleNamespace(
        entries=lambda user, today: [work.WorkEntry("test:import", "Import", 3, "/imports/?x=1")]
    )
    monkeypatch.setattr(work, "_modules", lambda: [provider])
    assert [e.key for e in work.entries(User.objects.get(username="lamdong"))] == ["test:import"]
    assert work.entries(User.objects.get(username="trunguong")) == []


def test_home_asks_a_fixed_number_of_queries(client, demo):
    counts = {}
    for name in PERSONAS:
        client.force_login(User.objects.get(username=name))
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        counts[name] = len(queries)
    assert max(counts.values()) <= QUERY_BUDGET, counts
    # more rows do not mean more queries: five provinces submit their Biểu 04, central has them to review
    central = User.objects.get(username="trunguong")
    period = current_period(ReportForm.BIEU_04, clock.today())
    for province in AdminUnit.objects.filter(level="province", valid_to__isnull=True).order_by("code")[:5]:
        Submission.objects.create(
            form=ReportForm.BIEU_04,
            period_kind=period.kind,
            year=period.year,
            province=province,
            deadline=period.deadline(ReportForm.BIEU_04),
            status=SubmissionStatus.SUBMITTED,
        )
    client.force_login(central)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    assert len(queries) == counts["trunguong"]
    assert entry(page, "reports:to-review") == (5, "/reports/submissions/")
    assert page.count('data-status="submitted" class="status-submitted') == 5
