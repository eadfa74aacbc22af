"""Writes to the register: entries, links, and the mirror of decisions kept in other apps.

Decisions of the clusters app and documents of the promotion app are the same records in the register,
not copies: `mirror_cluster_decision` / `mirror_programme_document` give each one a register entry with a
one-to-one link (called from `signals` after every save, and by `backfill` for rows written without
signals). Their number, date, issuer, signer and file are never copied; only the folded search key and
the scope province are refreshed here.
"""

from contextlib import nullcontext

from django.db import transaction
from django.db.models import Q

from khuyencong.core import audit
from khuyencong.core.text import fold

from .choices import (
    CLUSTER_DECISION_TYPES,
    OWN_OFFICE_KINDS,
    PROGRAMME_DOCUMENT_TYPES,
    Direction,
    DocumentType,
)
from .models import LINK_FIELDS, Correspondence, CorrespondenceLink

MIRROR_REASON = "sổ văn bản: đồng bộ quyết định"
# The note of the links that join a decision to the entry of the same document (see `same_document`).
SAME_DOCUMENT = "cùng văn bản"


def document_key(number):
    """A document number as compared for sameness: case, spaces and diacritics aside ("1757/QĐ-TTg")."""
    return "".join(fold(number or "").split())


def same_document(province_id, kind, number, issued_on, issuer="", exclude=None):
    """The register entry of `province_id` that already holds the document of `kind` numbered `number`,
    issued on `issued_on` (its own row, or the mirror of a decision), or None.

    One decision often concerns many records: the provincial plan decision lists every cluster, the
    decision approving a year's plan every đề án in it, and each of those records keeps it as its own
    ClusterDecision or programme Document. The register enters it once (`mirror_*` join the other
    records to that entry); two issuers both given and different mean two documents."""
    if not (number and issued_on):
        return None
    candidates = (
        Correspondence.objects.filter(province_id=province_id, kind=kind)
        .filter(
            Q(issued_on=issued_on)
            | Q(cluster_decision__issued_on=issued_on)
            | Q(programme_document__issued_on=issued_on)
        )
        .select_related("cluster_decision__issuing_body", "programme_document__issuing_body", "issuing_body")
        .order_by("pk")
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    key, by = document_key(number), fold(issuer or "")
    for entry in candidates:
        other = fold(entry.ref_issuer or "")
        if document_key(entry.ref_number) == key and (not by or not other or by == other):
            return entry
    return None


def _join(entry, **target):
    """Link `entry` to a record holding the same document (marked, so that it can be undone)."""
    CorrespondenceLink.objects.get_or_create(correspondence=entry, **target, defaults={"note": SAME_DOCUMENT})


def _unjoin(keep=None, **target):
    """Undo the `_join` of a record, except to `keep` (its number or date was corrected). A cluster
    decision leaving an entry takes its cluster's link along, unless another decision of that cluster
    still holds the entry."""
    links = CorrespondenceLink.objects.filter(note=SAME_DOCUMENT, **target).select_related("correspondence")
    if keep is not None:
        links = links.exclude(correspondence=keep)
    for link in links:
        entry, decision = link.correspondence, link.cluster_decision
        link.delete()
        if decision is None:
            continue
        cluster_id = decision.cluster_id
        held = (
            entry.cluster_decision_id and entry.cluster_decision.cluster_id == cluster_id
        ) or entry.links.filter(note=SAME_DOCUMENT, cluster_decision__cluster_id=cluster_id).exists()
        if not held:
            for stale in entry.links.filter(note=SAME_DOCUMENT, cluster_id=cluster_id):
                stale.delete()


def _acting(actor, reason=None):
    """Attribute writes to `actor` when given; otherwise keep the enclosing context (request, command)."""
    return audit.acting_as(actor, reason) if actor is not None or reason is not None else nullcontext()


@transaction.atomic
def save_entry(entry, *, actor=None, recipients=None, reason=None):
    """Save a register entry (and its receiving bodies when given). Mirrored entries keep their own
    number, date, issuer, signer and file empty (a check constraint refuses anything else)."""
    with _acting(actor, reason):
        entry.save()
        if recipients is not None:
            entry.recipients.set(recipients)
    return entry


@transaction.atomic
def add_link(entry, *, actor=None, note="", **target):
    """Link `entry` to one record, given as one keyword of LINK_FIELDS (e.g. `cluster=cluster`).
    Linking twice returns the existing link."""
    if len(target) != 1 or next(iter(target)) not in LINK_FIELDS:
        raise ValueError(f"give exactly one of {LINK_FIELDS}")
    with _acting(actor):
        link, created = CorrespondenceLink.objects.get_or_create(
            correspondence=entry, **target, defaults={"note": note}
        )
    return link


@transaction.atomic
def remove_link(link, *, actor=None):
    with _acting(actor):
        link.delete()


def _direction_for(issuing_body):
    """A decision issued by the office keeping the register (the Sở, the promotion centre) goes out;
    anything else (UBND, the Ministry, the Prime Minister) comes in."""
    if issuing_body is not None and issuing_body.kind in OWN_OFFICE_KINDS:
        return Direction.OUTGOING
    return Direction.INCOMING


def _refresh(entry, province_id):
    """Save a mirrored entry only when its scope or its search key changed (no empty history rows)."""
    changed = entry.province_id != province_id
    entry.province_id = province_id
    if changed or entry.index_text() != entry.search_text:
        entry.save()
    return entry


@transaction.atomic
def mirror_cluster_decision(decision):
    """The register entry of a cluster decision: created on first sight (and linked to its cluster),
    refreshed afterwards. Type and direction are set once; the register may correct them. A decision
    already in the register through another cluster (the plan decision listing many clusters) gets no
    second entry: the existing one is linked to this decision and its cluster (`same_document`)."""
    province_id = decision.cluster.province_id
    entry = Correspondence.objects.filter(cluster_decision=decision).first()
    if entry is not None:
        entry.cluster_decision = decision
        return _refresh(entry, province_id)
    kind = CLUSTER_DECISION_TYPES.get(decision.kind, DocumentType.DECISION)
    shared = same_document(province_id, kind, decision.number, decision.issued_on, decision.issuer)
    _unjoin(keep=shared, cluster_decision=decision)
    if shared is not None:
        _join(shared, cluster_decision=decision)
        _join(shared, cluster_id=decision.cluster_id)
        return shared
    entry = Correspondence(
        cluster_decision=decision,
        direction=_direction_for(decision.issuing_body),
        kind=kind,
        province_id=province_id,
    )
    entry.save()
    CorrespondenceLink.objects.get_or_create(correspondence=entry, cluster_id=decision.cluster_id)
    return entry


@transaction.atomic
def mirror_programme_document(document):
    """The register entry of a promotion document (created once, refreshed afterwards); the same document
    recorded again by another đề án's step (the decision approving a year's plan) joins the first entry."""
    entry = Correspondence.objects.filter(programme_document=document).first()
    if entry is not None:
        entry.programme_document = document
        return _refresh(entry, document.province_id)
    kind = PROGRAMME_DOCUMENT_TYPES.get(document.kind, DocumentType.OTHER)
    shared = same_document(document.province_id, kind, document.number, document.issued_on, document.issuer)
    _unjoin(keep=shared, programme_document=document)
    if shared is not None:
        _join(shared, programme_document=document)
        return shared
    entry = Correspondence(
        programme_document=document,
        direction=_direction_for(document.issuing_body),
        kind=kind,
        province_id=document.province_id,
    )
    entry.save()
    return entry


@transaction.atomic
def link_project_document(project_id, document):
    """A promotion document taken in a đề án's step (status change, version, stop request) concerns
    that đề án: its register entry gets a link to it."""
    entry = mirror_programme_document(document)
    CorrespondenceLink.objects.get_or_create(correspondence=entry, project_id=project_id)
    return entry


@transaction.atomic
def follow_cluster(cluster):
    """A cluster moved to another province record: its decisions' entries follow it (the scope)."""
    for entry in Correspondence.objects.filter(cluster_decision__cluster=cluster).exclude(
        province_id=cluster.province_id
    ):
        entry.province_id = cluster.province_id
        entry.save()


def backfill():
    """Give every cluster decision and promotion document an entry, and link promotion documents to the
    đề án whose steps they back. Idempotent; for rows written without signals (bulk writes, restores
    of old backups). Returns a summary line for `khuyencong setup`."""
    from khuyencong.clusters.models import ClusterDecision
    from khuyencong.programs.models import Document, ProjectVersion, StatusChange, StopRequest

    with audit.acting_as(None, reason=MIRROR_REASON):
        # Search keys written by the data migration (or before a label changed) are brought up to date.
        mirrored = Correspondence.objects.filter(
            Q(cluster_decision__isnull=False) | Q(programme_document__isnull=False)
        ).select_related(
            "cluster_decision__cluster", "cluster_decision__issuing_body", "programme_document__issuing_body"
        )
        refreshed = 0
        for entry in list(mirrored):
            source = entry.source
            province_id = source.cluster.province_id if entry.cluster_decision_id else source.province_id
            if entry.province_id != province_id or entry.index_text() != entry.search_text:
                _refresh(entry, province_id)
                refreshed += 1
        merged = merge_same_documents()
        joined = CorrespondenceLink.objects.filter(note=SAME_DOCUMENT)
        decisions = (
            ClusterDecision.objects.filter(register_entry__isnull=True)
            .exclude(pk__in=joined.filter(cluster_decision__isnull=False).values("cluster_decision_id"))
            .select_related("cluster", "issuing_body")
        )
        made = sum(1 for decision in list(decisions) if mirror_cluster_decision(decision))
        documents = (
            Document.objects.filter(register_entry__isnull=True)
            .exclude(pk__in=joined.filter(programme_document__isnull=False).values("programme_document_id"))
            .select_related("issuing_body")
        )
        made += sum(1 for document in list(documents) if mirror_programme_document(document))
        linked = 0
        for model, field in (
            (StatusChange, "document"),
            (ProjectVersion, "decision"),
            (StopRequest, "decision"),
        ):
            rows = model.objects.filter(**{f"{field}__isnull": False}).values_list(
                "project_id", f"{field}_id"
            )
            for project_id, document_id in rows.distinct():
                exists = (
                    CorrespondenceLink.objects.filter(project_id=project_id)
                    .filter(
                        Q(correspondence__programme_document_id=document_id)
                        | Q(
                            correspondence__links__programme_document_id=document_id,
                            correspondence__links__note=SAME_DOCUMENT,
                        )
                    )
                    .exists()
                )
                if not exists:
                    link_project_document(project_id, Document.objects.get(pk=document_id))
                    linked += 1
    summary = f"{made} decisions entered in the register, {refreshed} refreshed"
    summary += f", {linked} linked to their đề án"
    if merged:
        summary += f", {merged} entered twice merged"
    return summary


def _bare(entry):
    """A mirrored entry with nothing of its own: no summary, text, recipients, dates or replies."""
    return not (
        entry.summary
        or entry.body
        or entry.recipient_names
        or entry.received_on
        or entry.reply_by
        or entry.in_reply_to_id
        or entry.recipients.exists()
        or entry.replies.exists()
    )


def merge_same_documents():
    """Mirrored entries of one document made before `same_document` existed (the plan decision entered
    once per cluster, the plan's approving decision once per đề án) become one: each later entry with
    nothing of its own hands its links to the first and is removed, its decision joined to the first.
    Idempotent; returns how many entries were merged. Runs within `backfill` (an acting context)."""
    merged = 0
    mirrored = (
        Correspondence.objects.filter(Q(cluster_decision__isnull=False) | Q(programme_document__isnull=False))
        .select_related("cluster_decision__issuing_body", "programme_document__issuing_body")
        .order_by("pk")
    )
    for entry in list(mirrored):
        source = entry.source
        shared = same_document(
            entry.province_id, entry.kind, source.number, source.issued_on, source.issuer, exclude=entry
        )
        if shared is None or shared.pk > entry.pk or not _bare(entry):
            continue
        for link in entry.links.all():
            field = f"{link.target_field}_id"
            CorrespondenceLink.objects.get_or_create(
                correspondence=shared, **{field: getattr(link, field)}, defaults={"note": link.note}
            )
        field = "cluster_decision_id" if entry.cluster_decision_id else "programme_document_id"
        _join(shared, **{field: getattr(entry, field)})
        entry.delete()
        merged += 1
    return merged
