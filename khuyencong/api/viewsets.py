"""Base viewsets: every API list and detail goes through the scoping layer."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, status, viewsets
from rest_framework.exceptions import APIException, MethodNotAllowed, PermissionDenied
from rest_framework.response import Response

from khuyencong.core import audit
from khuyencong.core.deletion import (
    DELETE_BLOCKERS,
    counted_references,
    references_message,
    still_referenced_message,
)
from khuyencong.core.scoping import OUT_OF_SCOPE_MESSAGE, OutOfScope, can_edit

# For viewsets of records that are closed or archived, never deleted (issue #17, finding 8).
NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "This record was changed after the version you sent in If-Match; nothing was saved. "
        "Read it again (GET) and send its new ETag."
    )
    default_code = "precondition_failed"


class StillReferenced(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This record is still referred to by other records and cannot be deleted.")
    default_code = "still_referenced"


def record_version(obj):
    """The version the web forms check (`audit.add_version_field`): the id of the newest history row;
    None for records without history."""
    if not hasattr(obj, "history"):
        return None
    return audit.latest_history_id(obj)


def etag_for(obj):
    version = record_version(obj)
    return None if version is None else f'"{version}"'


def if_match_tags(header):
    """The entity tags of an If-Match header ('*' alone means any current version)."""
    return [tag.strip() for tag in header.split(",") if tag.strip()]


class VersionedMixin:
    """ETag and If-Match on one record, with the version the web forms use (issue #17, finding 7).

    GET, PUT and PATCH of one record answer with `ETag: "<version>"`. PUT, PATCH, DELETE (and the
    record's POST actions) sent with `If-Match` go ahead only while the record is still at one of the
    listed versions: otherwise 412 and nothing is written. Without If-Match, writes are accepted as
    before. The comparison and the write share one transaction, with the row locked as the web form does
    (`audit.check_version`).
    """

    def get_object(self):
        obj = super().get_object()
        self._versioned_object = obj
        if self.request.method not in permissions.SAFE_METHODS:
            self.check_if_match(obj)
        return obj

    def check_if_match(self, obj):
        header = self.request.headers.get("If-Match")
        if header is None or not hasattr(obj, "history"):
            return
        tags = if_match_tags(header)
        if "*" in tags:
            return
        if transaction.get_connection().in_atomic_block:
            type(obj)._default_manager.select_for_update().filter(pk=obj.pk).exists()
        weak_free = [tag.removeprefix("W/") for tag in tags]
        if etag_for(obj) not in weak_free:
            raise PreconditionFailed()

    def with_etag(self, response):
        obj = getattr(self, "_versioned_object", None)
        tag = etag_for(obj) if obj is not None and response.status_code < 300 else None
        if tag:
            response["ETag"] = tag
        return response

    def retrieve(self, request, *args, **kwargs):
        return self.with_etag(super().retrieve(request, *args, **kwargs))

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            response = super().update(request, *args, **kwargs)
        return self.with_etag(response)


class GuardedDeleteMixin:
    """DELETE answers 409 with what still refers to the record instead of a 500 (issue #17, finding 9);
    viewsets of records that are closed, not deleted, leave out "delete" (`NO_DELETE`) and say how to
    close them in `close_instead`."""

    close_instead = None
    # Reverse accessors whose records keep the record although the database would let it go (a
    # many-to-many or SET_NULL reference): DELETE answers 409 while any exist.
    keep_while_referenced_by = ()

    def destroy(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                instance = self.get_object()
                rows = counted_references(instance, self.keep_while_referenced_by)
                if rows:
                    raise StillReferenced(references_message(instance, rows))
                self.perform_destroy(instance)
        except DELETE_BLOCKERS as exc:
            raise StillReferenced(still_referenced_message(self._versioned_object, exc)) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)

    def http_method_not_allowed(self, request, *args, **kwargs):
        if request.method == "DELETE" and self.close_instead:
            raise MethodNotAllowed(request.method, detail=self.close_instead)
        return super().http_method_not_allowed(request, *args, **kwargs)


class ScopedEditPermission(permissions.BasePermission):
    """Writes are allowed only on objects inside `editable_by(user)`."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return type(obj).objects.editable_by(request.user).filter(pk=obj.pk).exists()


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only viewset whose queryset is `visible_to(request.user)`."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ScopedModelViewSet(VersionedMixin, GuardedDeleteMixin, viewsets.ModelViewSet):
    """Read within `visible_to`, write within `editable_by`; every write is atomic, audited and re-checked.

    Subclasses that change state through a service function override `perform_create`/`perform_update`
    and call `self.checked_save(lambda: service(..., actor=request.user))`.
    """

    permission_classes = [permissions.IsAuthenticated, ScopedEditPermission]

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def checked_save(self, save):
        try:
            with transaction.atomic(), audit.acting_as(self.request.user):
                obj = save()
                if not can_edit(self.request.user, obj):
                    raise OutOfScope
        except OutOfScope as exc:
            raise PermissionDenied(OUT_OF_SCOPE_MESSAGE) from exc
        return obj

    def perform_create(self, serializer):
        self.checked_save(serializer.save)

    def perform_update(self, serializer):
        self.checked_save(serializer.save)

    def perform_destroy(self, instance):
        with transaction.atomic(), audit.acting_as(self.request.user):
            instance.delete()
