"""Every write of the field network goes through here (web pages, API, phone sync, demo data).

- Collaborators and their communes; the collaborator's role assignment (the scoping grant) follows the
  communes assigned today (`sync_role`).
- Survey responses arrive idempotently by client id (`receive_response`); a response based on an older
  version of the establishment is a conflict, never applied silently.
- An officer reviews a response, merges it into the registry (duplicate check by folded name and
  commune), resolves conflicts field by field, and drafts a đề án from it in one step.
"""

from .assignments import create_assignment
from .base import NotAllowed
from .collaborators import assign_commune, collaborator_of, end_commune, save_collaborator, sync_role
from .coverage_report import coverage
from .responses import (
    MAX_PHOTO_BYTES,
    MAX_PHOTOS,
    PHOTO_SIGNATURES,
    check_photo,
    decode_photo,
    receive_response,
)
from .review import (
    CONFLICT_FIELDS,
    conflict_rows,
    draft_project,
    mark_reviewed,
    merge_into_registry,
    resolve_conflict,
)

__all__ = [
    "CONFLICT_FIELDS",
    "MAX_PHOTOS",
    "MAX_PHOTO_BYTES",
    "PHOTO_SIGNATURES",
    "NotAllowed",
    "assign_commune",
    "check_photo",
    "collaborator_of",
    "conflict_rows",
    "coverage",
    "create_assignment",
    "decode_photo",
    "draft_project",
    "end_commune",
    "mark_reviewed",
    "merge_into_registry",
    "receive_response",
    "resolve_conflict",
    "save_collaborator",
    "sync_role",
]
