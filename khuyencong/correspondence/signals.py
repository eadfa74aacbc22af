"""Keep the register in step with decisions recorded elsewhere, without those apps knowing of it.

Connected once from `CorrespondenceConfig.ready()`. Raw saves (fixtures, `khuyencong restore`) are
skipped: a restore brings the register rows with it.
"""

from django.db.models.signals import post_save

from . import services


def cluster_decision_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        services.mirror_cluster_decision(instance)


def programme_document_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        services.mirror_programme_document(instance)


def cluster_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        services.follow_cluster(instance)


def project_step_saved(field):
    """A status change, version or stop request naming a promotion document links it to the đề án."""

    def receiver(sender, instance, raw=False, **kwargs):
        document_id = getattr(instance, f"{field}_id")
        if raw or not document_id:
            return
        services.link_project_document(instance.project_id, getattr(instance, field))

    return receiver


_project_receivers = {}


def connect():
    from khuyencong.clusters.models import Cluster, ClusterDecision
    from khuyencong.programs.models import Document, ProjectVersion, StatusChange, StopRequest

    post_save.connect(cluster_decision_saved, sender=ClusterDecision, dispatch_uid="correspondence-decision")
    post_save.connect(programme_document_saved, sender=Document, dispatch_uid="correspondence-document")
    post_save.connect(cluster_saved, sender=Cluster, dispatch_uid="correspondence-cluster")
    for model, field in ((StatusChange, "document"), (ProjectVersion, "decision"), (StopRequest, "decision")):
        receiver = _project_receivers.setdefault(model, project_step_saved(field))
        post_save.connect(receiver, sender=model, dispatch_uid=f"correspondence-{model._meta.model_name}")
