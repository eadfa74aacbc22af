"""Base viewsets: every API list and detail goes through the scoping layer."""

from django.db import transaction
from rest_framework import permissions, viewsets
from rest_framework.exceptions import PermissionDenied

from khuyencong.core import audit
from khuyencong.core.scoping import OUT_OF_SCOPE_MESSAGE, OutOfScope, can_edit


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


class ScopedModelViewSet(viewsets.ModelViewSet):
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
