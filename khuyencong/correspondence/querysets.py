"""Queries of the register: dates read through to mirrored decisions, search, replies, "concerning"."""

from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce

from khuyencong.core import clock
from khuyencong.core.scoping import ScopedQuerySet
from khuyencong.core.text import fold

from .choices import Direction

INCOMING = Direction.INCOMING


class CorrespondenceQuerySet(ScopedQuerySet):
    def with_dates(self):
        """Annotate `dated`: the document's date, read through to a mirrored decision (for order and
        date filters)."""
        if "dated" in self.query.annotations:
            return self
        return self.annotate(
            dated=Coalesce("issued_on", "cluster_decision__issued_on", "programme_document__issued_on")
        )

    def with_answered(self):
        """Annotate `answered`: an outgoing document in the register points at this one."""
        if "answered" in self.query.annotations:
            return self
        replies = self.model._default_manager.filter(in_reply_to=OuterRef("pk"))
        return self.annotate(answered=Exists(replies))

    def for_list(self):
        """Everything a list row shows, in a fixed number of queries (no per-row lookups)."""
        return (
            self.with_dates()
            .with_answered()
            .select_related(
                "province",
                "issuing_body",
                "cluster_decision__cluster",
                "cluster_decision__issuing_body",
                "programme_document__issuing_body",
            )
        )

    def search(self, text):
        """Diacritic-insensitive search: every word of `text` occurs in the folded search key, so
        "cong van dak nong" finds "Công văn … Đắk Nông …"."""
        queryset = self
        for word in fold(text).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def unanswered(self):
        """Incoming documents that ask for a reply by a date, with no reply registered yet."""
        replies = self.model._default_manager.filter(in_reply_to=OuterRef("pk"))
        return self.filter(direction=INCOMING, reply_by__isnull=False).filter(~Exists(replies))

    def awaiting_reply(self, today=None):
        """Unanswered documents whose reply-by date is today or later (due soon: order by `reply_by`)."""
        return self.unanswered().filter(reply_by__gte=today or clock.today())

    def overdue(self, today=None):
        """Unanswered documents whose reply-by date has passed."""
        return self.unanswered().filter(reply_by__lt=today or clock.today())

    def concerning(self, obj):
        """Documents about `obj`: linked to it (or to a part of it), or mirroring its decision.

        Supported: clusters.Cluster, clusters.ClusterDecision, programs.Project, programs.Document,
        inspections.Inspection, inspections.Recommendation, reports.Submission. Sub-queries, not joins,
        so no row repeats and no DISTINCT is needed."""
        links = apps.get_model("correspondence", "CorrespondenceLink")._default_manager
        label = obj._meta.label

        def linked(**lookup):
            return Q(pk__in=links.filter(**lookup).values("correspondence_id"))

        if label == "clusters.Cluster":
            condition = (
                linked(cluster=obj) | linked(cluster_decision__cluster=obj) | Q(cluster_decision__cluster=obj)
            )
        elif label == "clusters.ClusterDecision":
            condition = linked(cluster_decision=obj) | Q(cluster_decision=obj)
        elif label == "programs.Project":
            condition = linked(project=obj)
        elif label == "programs.Document":
            condition = linked(programme_document=obj) | Q(programme_document=obj)
        elif label == "inspections.Inspection":
            condition = linked(inspection=obj) | linked(recommendation__inspection=obj)
        elif label == "inspections.Recommendation":
            condition = linked(recommendation=obj)
        elif label == "reports.Submission":
            condition = linked(submission=obj)
        else:
            return self.none()
        return self.filter(condition)
