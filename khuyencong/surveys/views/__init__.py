"""Thin views of the field network: coverage, collaborators, assignments, the response review desk and
the offline survey screen for phones. Every list and object goes through the scoping layer; every step
through `services`."""

from .assignments import (
    AssignmentCreateView,
    AssignmentDetailView,
    AssignmentHistoryView,
    AssignmentListView,
    AssignmentSaveMixin,
    AssignmentUpdateView,
)
from .base import PostOnlyView, is_collaborator_only
from .collaborators import (
    CollaboratorCreateView,
    CollaboratorDetailView,
    CollaboratorHistoryView,
    CollaboratorListView,
    CollaboratorSaveMixin,
    CollaboratorUpdateView,
    CommuneAddView,
    CommuneEndView,
)
from .collect import (
    MAX_FACILITIES_OFFLINE,
    CollectView,
    ManifestView,
    ServiceWorkerView,
    collect_data,
    offline_messages,
)
from .home import SurveyHomeView
from .responses import (
    ResponseActionView,
    ResponseDetailView,
    ResponseDraftProjectView,
    ResponseHistoryView,
    ResponseListView,
    ResponseMergeView,
    ResponseResolveView,
    ResponseReviewView,
)
from .survey_forms import FormDetailView, FormListView

__all__ = [
    "MAX_FACILITIES_OFFLINE",
    "AssignmentCreateView",
    "AssignmentDetailView",
    "AssignmentHistoryView",
    "AssignmentListView",
    "AssignmentSaveMixin",
    "AssignmentUpdateView",
    "CollaboratorCreateView",
    "CollaboratorDetailView",
    "CollaboratorHistoryView",
    "CollaboratorListView",
    "CollaboratorSaveMixin",
    "CollaboratorUpdateView",
    "CollectView",
    "CommuneAddView",
    "CommuneEndView",
    "FormDetailView",
    "FormListView",
    "ManifestView",
    "PostOnlyView",
    "ResponseActionView",
    "ResponseDetailView",
    "ResponseDraftProjectView",
    "ResponseHistoryView",
    "ResponseListView",
    "ResponseMergeView",
    "ResponseResolveView",
    "ResponseReviewView",
    "ServiceWorkerView",
    "SurveyHomeView",
    "collect_data",
    "is_collaborator_only",
    "offline_messages",
]
