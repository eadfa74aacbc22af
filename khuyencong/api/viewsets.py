"""Base viewsets: every API list and detail goes through the scoping layer."""

from rest_framework import permissions, viewsets


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
