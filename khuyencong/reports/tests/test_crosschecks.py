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


def test_settled_disbursed_and_approved_in_order_per_de_an_and_per_year(client, personas, ref):
    """Settled ≤ disbursed ≤ approved: a đề án settled above what was paid is a finding, and so is a year
    whose totals (those the dashboard shows) break the order, though no single đề án does."""
    lam_dong = personas.lam_dong
    settled = project(lam_dong, status=Status.SETTLED, support=100, year=2025)
    for kind, amount in ((PaymentKind.ADVANCE, 50), (PaymentKind.SETTLEMENT, 100)):
        Payment.objects.create(project=settled, kind=kind, amount_vnd=amount * M, paid_on=date(2025, 12, 1))
    found = findings(personas.lamdong)
    assert rules(found) == ["settled_over_disbursed", "year_money_order"]
    by_rule = {f.rule: f for f in found}
    assert settled.code in by_rule["settled_over_disbursed"].message
    assert (
        "quyết toán 100 triệu đồng, đã giải ngân 50 triệu đồng" in by_rule["settled_over_disbursed"].message
    )
    assert by_rule["year_money_order"].message.startswith("Năm 2025:")
    client.force_login(personas.lamdong)
    page = client.get("/reports/checks/").content.decode()
    assert 'id="no-findings"' not in page and 'data-rule="settled_over_disbursed"' in page

    # The rest paid: the đề án is in order, and so is its year.
    Payment.objects.create(
        project=settled, kind=PaymentKind.DISBURSEMENT, amount_vnd=50 * M, paid_on=date(2025, 12, 10)
    )
    assert findings(personas.lamdong) == []

    # Money advanced to a đề án since stopped: each đề án keeps the order (its own support approved),
    # but the year's disbursed money is above the support approved for the đề án carried out.
    stopped = project(lam_dong, status=Status.STOPPED, support=80, year=2025)
    Payment.objects.create(
        project=stopped, kind=PaymentKind.ADVANCE, amount_vnd=40 * M, paid_on=date(2025, 6, 1)
    )
    found = findings(personas.lamdong)
    assert rules(found) == ["year_money_order"]
    assert "đã giải ngân 140 triệu đồng, được phê duyệt 100 triệu đồng" in found[0].message
    assert findings(personas.hanoi, "01") == []


def test_a_document_entered_twice_in_the_register_is_a_finding(personas):
    from khuyencong.correspondence.choices import Direction
    from khuyencong.correspondence.tests.factories import entry

    lam_dong = personas.lam_dong
    entry(lam_dong, "812/SCT-QLCN", direction=Direction.OUTGOING, issuing_body_name="")
    entry(personas.ha_noi, "812/SCT-QLCN")  # another province's register: not the same entry
    assert findings(personas.central) == []
    # The letter the Sở sent, entered again as received (number written another way).
    twice = entry(lam_dong, "812/sct-qlcn ", issuing_body_name="")
    found = findings(personas.lamdong)
    assert rules(found) == ["document_registered_twice"]
    assert "812/SCT-QLCN" in found[0].message and "02/03/2026" in found[0].message
    assert "được vào sổ 2 lần" in found[0].message
    twice.delete()
    assert findings(personas.lamdong) == []


def test_the_demo_passes_its_own_checks(demo):
    """What a province sees on the cross-check page of the demo: no rule broken, with settled đề án paid
    in full, each decision entered once in the register and the Sở's own letters entered as sent."""
    from khuyencong.accounts.models import User
    from khuyencong.correspondence.choices import Direction
    from khuyencong.correspondence.models import Correspondence

    for username, area in (("trunguong", "VN"), ("lamdong", "68"), ("hanoi", "01")):
        assert findings(User.objects.get(username=username), area) == [], username
    settled = Payment.objects.filter(kind=PaymentKind.SETTLEMENT)
    assert settled.exists()
    entries = Correspondence.objects.select_related("cluster_decision", "programme_document", "issuing_body")
    by_so = [e for e in entries if (e.ref_issuer or "").startswith("Sở Công Thương")]
    assert len(by_so) > 10 and all(e.direction == Direction.OUTGOING for e in by_so)
    # The plan decision of the former Đắk Nông's clusters is one entry, linked to all eleven clusters.
    plan = Correspondence.objects.filter(cluster_decision__number="1757/QĐ-TTg")
    assert plan.count() == 1 and plan.get().links.filter(cluster__isnull=False).count() == 11
