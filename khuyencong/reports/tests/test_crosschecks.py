"""Cross-record rules: each finding names its rule; notes and corrections make findings disappear."""

from datetime import date
from decimal import Decimal

import pytest

from khuyencong.clusters.tests.factories import LandRecordFactory, TenantFactory, established_cluster
from khuyencong.programs.choices import PaymentKind, Status
from khuyencong.programs.models import Payment
from khuyencong.programs.tests.factories import project
from khuyencong.reports import crosschecks
from khuyencong.reports.common import ReportArea
from khuyencong.reports.models import Submission

pytestmark = pytest.mark.django_db
M = 1_000_000


def findings(user, text="68"):
    return crosschecks.run(ReportArea.resolve(text, date.today()), user)


def rules(found):
    return sorted({f.rule for f in found})


def test_each_rule_finds_its_case_and_names_it(personas, ref):
    lam_dong = personas.lam_dong
    assert findings(personas.lamdong) == []
    cluster = established_cluster(province=lam_dong)
    LandRecordFactory(cluster=cluster, industrial_land_ha=Decimal("30"), leased_ha=Decimal("20"))
    TenantFactory(cluster=cluster, leased_area_ha=Decimal("20"))
    TenantFactory(cluster=cluster, leased_area_ha=Decimal("11.5"))
    overpaid = project(lam_dong, status=Status.IN_PROGRESS, support=100)
    Payment.objects.create(
        project=overpaid, kind=PaymentKind.DISBURSEMENT, amount_vnd=120 * M, paid_on=date(2026, 5, 1)
    )
    first = project(lam_dong, status=Status.IN_PROGRESS, category="KC03", year=2026)
    second = project(lam_dong, status=Status.APPROVED_IN_PLAN, category="KC03", year=2026)
    second.beneficiaries.set(first.beneficiaries.all())
    found = findings(personas.lamdong)
    assert rules(found) == ["disbursed_over_approved", "occupancy_over_100", "supported_twice"]
    by_rule = {f.rule: f for f in found}
    assert (
        "31,5 ha" in by_rule["occupancy_over_100"].message
        and "30 ha" in by_rule["occupancy_over_100"].message
    )
    assert "120" in by_rule["disbursed_over_approved"].message
    assert (
        first.code in by_rule["supported_twice"].message and second.code in by_rule["supported_twice"].message
    )
    assert str(by_rule["supported_twice"].rule_label)

    # A note on both đề án explains the repeat; the other province sees none of this.
    for p in (first, second):
        p.note = "Hai giai đoạn của cùng một dây chuyền"
        p.save()
    assert "supported_twice" not in rules(findings(personas.lamdong))
    assert findings(personas.hanoi, "68") == []


def test_bieu04_must_equal_the_sum_of_bieu03(personas):
    lam_dong = personas.lam_dong
    commune = personas.commune
    common = {"province": lam_dong, "year": 2026, "period_kind": "half_year", "deadline": date(2026, 6, 30)}
    Submission.objects.create(
        form="bieu04",
        status="submitted",
        figures={"totals": {"planned_count": 3, "tenants": 5, "workers": 90}},
        **common,
    )
    Submission.objects.create(
        form="bieu03",
        commune=commune,
        status="accepted",
        figures={"totals": {"count": 2, "tenants": 5, "workers": 90}},
        **{**common, "deadline": date(2026, 6, 25)},
    )
    found = [f for f in findings(personas.central) if f.rule == "bieu04_vs_bieu03"]
    assert len(found) == 1 and "count" in found[0].message


def test_checks_page(client, personas):
    client.force_login(personas.lamdong)
    page = client.get("/reports/checks/")
    assert page.status_code == 200 and page.context["area"]["code"] == "68"
    assert "no-findings" in page.content.decode()
    bad = client.get("/reports/checks/", {"province": "Atlantis"})
    assert bad.status_code == 200 and bad.context["error"]
