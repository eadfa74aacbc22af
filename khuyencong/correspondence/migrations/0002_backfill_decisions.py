"""Existing cluster decisions and promotion documents enter the register (the same records, not copies:
the entries hold a one-to-one link and no number, date or issuer of their own). Later rows are entered
by the signals of the correspondence app; `khuyencong setup` runs the same backfill through the services."""

from django.db import migrations
from django.utils import translation

from khuyencong.clusters.choices import DecisionKind
from khuyencong.core.text import fold
from khuyencong.programs.choices import DocumentKind

OWN_OFFICE_KINDS = {"department", "promotion_centre"}
CLUSTER_TYPES = {
    "application_notice": "notice",
    "construction_start": "notice",
    "operation": "notice",
    "dossier_submission": "proposal",
}
DOCUMENT_TYPES = {
    "decision": "decision",
    "letter": "letter",
    "minutes": "minutes",
    "contract": "other",
    "report": "report",
    "request": "proposal",
}
# Vietnamese labels folded into the search key, as Correspondence.index_text() does.
TYPE_WORDS = {
    "letter": "cong van",
    "decision": "quyet dinh",
    "proposal": "to trinh",
    "report": "bao cao",
    "notice": "thong bao",
    "minutes": "bien ban",
    "plan": "ke hoach",
    "other": "khac",
}


def issuer(decision):
    return decision.issuing_body.name if decision.issuing_body_id else decision.issuing_body_name


def direction(decision):
    if decision.issuing_body_id and decision.issuing_body.kind in OWN_OFFICE_KINDS:
        return "outgoing"
    return "incoming"


def search_key(kind, decision, subject):
    parts = [TYPE_WORDS[kind], decision.number, subject, issuer(decision)]
    return " | ".join(fold(part) for part in parts if part)


def forward(apps, schema_editor):
    Correspondence = apps.get_model("correspondence", "Correspondence")
    Link = apps.get_model("correspondence", "CorrespondenceLink")
    ClusterDecision = apps.get_model("clusters", "ClusterDecision")
    Document = apps.get_model("programs", "Document")
    # Labels from the apps' choices (translatable), not the frozen English ones of the migration state.
    with translation.override("vi"):
        labels = {value: str(label) for value, label in DecisionKind.choices}
        document_labels = {value: str(label) for value, label in DocumentKind.choices}
    entered = set(Correspondence.objects.exclude(cluster_decision=None).values_list("cluster_decision_id", flat=True))
    for decision in ClusterDecision.objects.select_related("cluster", "issuing_body").iterator():
        if decision.pk in entered:
            continue
        kind = CLUSTER_TYPES.get(decision.kind, "decision")
        subject = f"{labels.get(decision.kind, decision.kind)} — CCN {decision.cluster.name}"
        entry = Correspondence.objects.create(
            cluster_decision=decision,
            direction=direction(decision),
            kind=kind,
            province_id=decision.cluster.province_id,
            search_text=search_key(kind, decision, subject),
        )
        Link.objects.create(correspondence=entry, cluster_id=decision.cluster_id)
    entered = set(
        Correspondence.objects.exclude(programme_document=None).values_list("programme_document_id", flat=True)
    )
    for document in Document.objects.select_related("issuing_body").iterator():
        if document.pk in entered:
            continue
        kind = DOCUMENT_TYPES.get(document.kind, "other")
        Correspondence.objects.create(
            programme_document=document,
            direction=direction(document),
            kind=kind,
            province_id=document.province_id,
            search_text=search_key(
                kind, document, " — ".join(p for p in (document_labels.get(document.kind), document.note) if p)
            ),
        )
    linked = set(Link.objects.exclude(project=None).values_list("correspondence_id", "project_id"))
    entries = dict(Correspondence.objects.exclude(programme_document=None).values_list("programme_document_id", "pk"))
    steps = [
        ("programs", "StatusChange", "document_id"),
        ("programs", "ProjectVersion", "decision_id"),
        ("programs", "StopRequest", "decision_id"),
    ]
    for app_label, model_name, field in steps:
        model = apps.get_model(app_label, model_name)
        for project_id, document_id in model.objects.exclude(**{field: None}).values_list("project_id", field):
            entry_id = entries.get(document_id)
            if entry_id and (entry_id, project_id) not in linked:
                Link.objects.create(correspondence_id=entry_id, project_id=project_id)
                linked.add((entry_id, project_id))


class Migration(migrations.Migration):
    dependencies = [
        ("correspondence", "0001_register"),
        ("programs", "0002_decision_attachment_rules"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
