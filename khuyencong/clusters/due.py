"""Open steps of the investor-selection procedure with their legal due dates (deadlines.due provider)."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.core.formatting import vn_date
from khuyencong.deadlines.due import DueItem

from .choices import DecisionKind
from .models import Cluster, ClusterDecision
from .rules import procedure_deadlines

PROCEDURE = [
    DecisionKind.APPLICATION_NOTICE,
    DecisionKind.DOSSIER_SUBMISSION,
    DecisionKind.DOSSIER_RETURNED,
    DecisionKind.DOSSIER_COMPLETED,
    DecisionKind.INVESTOR_SELECTION,
    DecisionKind.ESTABLISHMENT,
]


def items(user, today, until):
    clusters = (
        Cluster.objects.editable_by(user)
        .filter(decisions__kind__in=[DecisionKind.APPLICATION_NOTICE, DecisionKind.DOSSIER_SUBMISSION])
        .exclude(decisions__kind=DecisionKind.ESTABLISHMENT)
        .distinct()
        .prefetch_related(Prefetch("decisions", queryset=ClusterDecision.objects.filter(kind__in=PROCEDURE)))[
            :200
        ]
    )
    for cluster in clusters:
        for step in procedure_deadlines(cluster, list(cluster.decisions.all())):
            # Out for completion, the dossier waits on the applicant: the Department's clock stands still.
            if not step.done and step.paused_since is None and step.due <= until:
                yield DueItem(
                    key=f"cluster:{cluster.pk}:{step.code}",
                    title=f"{cluster.name}: {step.label}",
                    due=step.due,
                    url=reverse("clusters:detail", args=[cluster.pk]),
                    kind=_("Cluster procedure"),
                    detail=(
                        _("%(source)s — %(missing)s: due on %(day)s or later")
                        % {
                            "source": step.legal_source,
                            "missing": step.missing_calendar,
                            "day": vn_date(step.due),
                        }
                        if step.missing_calendar
                        else step.legal_source
                    ),
                )
