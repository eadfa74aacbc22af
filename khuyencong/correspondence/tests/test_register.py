"""The register model: decisions are the same records (not copies), links, replies, search."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Q

from khuyencong.clusters import services as cluster_services
from khuyencong.clusters.tests.factories import decide
from khuyencong.programs.models import Document
from khuyencong.programs.tests.factories import project, take

from .. import services
from ..choices import Direction, DocumentType
from ..models import Correspondence, CorrespondenceLink
from .factories import entry

pytestmark = pytest.mark.django_db


def test_a_cluster_decision_is_in_the_register_without_a_copy(world):
    decision = world["decision"]
    registered = Correspondence.objects.get(cluster_decision=decision)
    # Nothing of the decision is stored twice: the entry's own number, date and issuer stay empty.
    assert (registered.number, registered.issued_on, registered.issuing_body_name) == ("", None, "")
    assert registered.ref_number == "2156/QĐ-UBND"
    assert registered.ref_date == date(2018, 12, 20)
    assert registered.ref_issuer == "UBND tỉnh"
    assert registered.kind == DocumentType.DECISION
    assert registered.direction == Direction.INCOMING
    assert registered.province == world["thuan_an"].province
    # ... it concerns its cluster
    assert registered.links.get().cluster == world["thuan_an"]

    decision.number = "2157/QĐ-UBND"
    cluster_services.record_decision(decision)
    registered = Correspondence.objects.get(pk=registered.pk)
    assert registered.ref_number == "2157/QĐ-UBND"
    assert Correspondence.objects.search("2157/qd-ubnd").filter(pk=registered.pk).exists()
    assert not Correspondence.objects.search("2156").filter(pk=registered.pk).exists()
    assert Correspondence.objects.filter(cluster_decision=decision).count() == 1


def test_deleting_the_decision_removes_its_entry(world):
    decision = world["decision"]
    pk = decision.register_entry.pk
    cluster_services.delete_decision(decision)
    assert not Correspondence.objects.filter(pk=pk).exists()


def test_a_mirrored_entry_cannot_hold_its_own_number(world):
    registered = world["decision"].register_entry
    registered.number = "999/QĐ-UBND"
    with pytest.raises(IntegrityError), transaction.atomic():
        registered.save()


def test_promotion_documents_are_registered_and_linked_to_their_de_an(personas, ref):
    de_an = project(personas.dak_nong)
    take(de_an, "submit", personas)
    take(de_an, "approve", personas)
    documents = list(Document.objects.filter(number="01/QĐ-TEST"))  # one per step taken
    assert len(documents) == 2
    registered = Correspondence.objects.filter(programme_document__in=documents)
    assert {(e.ref_number, e.number, e.province_id) for e in registered} == {
        ("01/QĐ-TEST", "", de_an.province_id)
    }
    assert set(Correspondence.objects.concerning(de_an)) == set(registered)


def test_backfill_enters_rows_written_without_signals_and_is_idempotent(world, personas):
    Correspondence.objects.filter(cluster_decision=world["decision"]).delete()
    Document.objects.bulk_create(
        [Document(kind="letter", number="5/CV-X", issued_on=date(2024, 1, 2), province=personas.dak_nong)]
    )
    summary = services.backfill()
    assert summary.startswith("2 decisions entered")
    assert Correspondence.objects.filter(cluster_decision=world["decision"]).exists()
    assert Correspondence.objects.filter(
        programme_document__number="5/CV-X", kind=DocumentType.LETTER
    ).exists()
    assert services.backfill() == "0 decisions entered in the register, 0 refreshed, 0 linked to their đề án"


def test_a_link_points_at_exactly_one_record(world):
    ask = world["ask"]
    with pytest.raises(IntegrityError), transaction.atomic():
        CorrespondenceLink.objects.create(correspondence=ask)
    with pytest.raises(IntegrityError), transaction.atomic():
        CorrespondenceLink.objects.create(
            correspondence=ask, cluster=world["thuan_an"], cluster_decision=world["decision"]
        )
    with pytest.raises(ValueError):
        services.add_link(ask, cluster=world["thuan_an"], project=None)
    # linking twice keeps one link
    assert services.add_link(ask, cluster=world["thuan_an"]) == services.add_link(
        ask, cluster=world["thuan_an"]
    )
    assert ask.links.count() == 1


def test_replies_awaiting_and_overdue(world, personas):
    ask = world["ask"]  # reply by 20/03/2026
    assert list(Correspondence.objects.awaiting_reply(date(2026, 3, 20))) == [ask]
    assert not Correspondence.objects.overdue(date(2026, 3, 20)).exists()
    assert list(Correspondence.objects.overdue(date(2026, 3, 21))) == [ask]
    assert ask.reply_overdue(date(2026, 3, 21))
    answer = entry(personas.lam_dong, "812/SCT-QLCN", direction=Direction.OUTGOING, in_reply_to=ask)
    assert not Correspondence.objects.overdue(date(2026, 3, 21)).exists()
    assert not Correspondence.objects.awaiting_reply(date(2026, 3, 1)).exists()
    assert not ask.reply_overdue(date(2026, 3, 21))
    assert list(ask.replies.all()) == [answer]
    # an outgoing document has no reply-by date, an incoming one answers nothing
    with pytest.raises(IntegrityError), transaction.atomic():
        entry(personas.lam_dong, "1/X", direction=Direction.OUTGOING, reply_by=date(2026, 4, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        entry(personas.lam_dong, "2/X", direction=Direction.INCOMING, in_reply_to=ask)


def test_search_ignores_diacritics_and_word_order(world):
    ask = world["ask"]
    assert list(Correspondence.objects.search("cong van dak nong")) == [ask]
    assert list(Correspondence.objects.search("ĐẮK NÔNG công văn")) == [ask]
    assert list(Correspondence.objects.search("ty le lap day")) == [ask]  # body text
    assert list(Correspondence.objects.search("2150/bct")) == [ask]  # number
    assert not Correspondence.objects.search("cong van ha noi").exists()


def test_entries_follow_their_cluster_into_another_province(world, personas):
    cluster = world["thuan_an"]
    cluster.province = personas.ha_noi
    cluster.save()
    assert Correspondence.objects.get(cluster_decision=world["decision"]).province == personas.ha_noi


def test_every_change_keeps_history(world, personas):
    from khuyencong.core.audit import acting_as

    ask = world["ask"]
    with acting_as(personas.lamdong, reason="sửa trích yếu"):
        ask.summary = "Trích yếu mới"
        services.save_entry(ask)
    record = ask.history.latest()
    assert record.history_user == personas.lamdong and record.history_change_reason == "sửa trích yếu"
    later = decide(world["thuan_an"], "detailed_plan", date(2019, 7, 8), area="49.61")
    assert later.register_entry.history.count() == 1


def test_a_decision_shared_by_many_clusters_is_entered_once(personas):
    """The plan decision lists every cluster, and each cluster keeps it as its own decision: the register
    holds it once, concerning every cluster; a decision of the same number from another issuer, or of
    another date, is another document."""
    from khuyencong.clusters.tests.factories import ClusterFactory

    clusters = [ClusterFactory(province=personas.dak_nong) for _ in range(3)]
    decisions = [decide(c, "plan_inclusion", date(2023, 12, 31), "50", "1757/QĐ-TTg") for c in clusters]
    entries = Correspondence.objects.filter(
        Q(cluster_decision__in=decisions) | Q(links__cluster_decision__in=decisions)
    ).distinct()
    assert entries.count() == 1
    shared = entries.get()
    assert {link.cluster for link in shared.links.filter(cluster__isnull=False)} == set(clusters)
    for cluster in clusters:
        assert list(Correspondence.objects.concerning(cluster)) == [shared]
    other = decide(clusters[0], "establishment", date(2023, 12, 31), "40", "1757/QĐ-UBND")
    assert Correspondence.objects.filter(cluster_decision=other).exists()

    # A decision's number corrected: it leaves the shared entry and has its own.
    moved = decisions[2]
    moved.number = "1758/QĐ-TTg"
    cluster_services.record_decision(moved)
    assert Correspondence.objects.filter(cluster_decision=moved).exists()
    assert not shared.links.filter(cluster_decision=moved).exists()
    assert shared not in Correspondence.objects.concerning(clusters[2])
    assert shared in Correspondence.objects.concerning(clusters[1])


def test_backfill_merges_a_decision_entered_twice_before(personas):
    """Registers made before: the second entry of one decision, with nothing of its own, is merged into
    the first (its links kept there), and the register then passes the duplicate check."""
    from khuyencong.clusters.tests.factories import ClusterFactory
    from khuyencong.reports import crosschecks
    from khuyencong.reports.common import ReportArea

    first, second = ClusterFactory(province=personas.dak_nong), ClusterFactory(province=personas.dak_nong)
    one = decide(first, "plan_inclusion", date(2023, 12, 31), "50", "1757/QĐ-TTg")
    two = decide(second, "plan_inclusion", date(2023, 12, 31), "50", "1757/QĐ-TTg")
    # As an older version of the register left it: an entry of its own for the second decision.
    CorrespondenceLink.objects.filter(note=services.SAME_DOCUMENT).delete()
    Correspondence.objects.create(
        cluster_decision=two,
        direction=Direction.INCOMING,
        kind=DocumentType.DECISION,
        province=personas.dak_nong,
    ).links.create(cluster=second)
    area = ReportArea.resolve("68", date(2026, 3, 2))
    assert [f.rule for f in crosschecks.run(area, personas.lamdong)] == ["document_registered_twice"]

    assert services.backfill().endswith("1 entered twice merged")
    kept = Correspondence.objects.get(cluster_decision=one)
    assert not Correspondence.objects.filter(cluster_decision=two).exists()
    assert set(kept.links.filter(cluster__isnull=False).values_list("cluster", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert list(Correspondence.objects.concerning(two)) == [kept]
    assert crosschecks.run(area, personas.lamdong) == []
    assert services.backfill() == "0 decisions entered in the register, 0 refreshed, 0 linked to their đề án"
