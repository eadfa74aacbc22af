from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from khuyencong.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet

from .. import services
from ..choices import Status
from ..filtersets import PlanFilterSet, ProjectFilterSet
from ..models import Plan, Programme, Project
from .serializers import (
    PlanSerializer,
    ProgrammeSerializer,
    ProjectDetailSerializer,
    ProjectSerializer,
    TransitionSerializer,
)


class ProgrammeViewSet(ScopedReadOnlyViewSet):
    """National and local khuyến công programmes with their approving decision."""

    queryset = Programme.objects.select_related("decision").order_by("-start_year", "level")
    serializer_class = ProgrammeSerializer


class PlanViewSet(ScopedModelViewSet):
    """Annual plans per level, year and province."""

    queryset = Plan.objects.select_related("province", "decision").order_by("-year", "level", "id")
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet


class ProjectViewSet(ScopedModelViewSet):
    """Đề án; state changes only through POST /projects/{id}/transition/ (the UI's service functions)."""

    queryset = (
        Project.objects.select_related("province", "category", "executing_unit")
        .prefetch_related("beneficiaries")
        .order_by("-plan_year", "code")
    )
    filterset_class = ProjectFilterSet

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ProjectDetailSerializer
        if self.action == "transition":
            return TransitionSerializer
        return ProjectSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("versions", "status_changes")
        return queryset

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        beneficiaries = data.pop("beneficiaries", [])
        project = self.checked_save(
            lambda: services.create_project(actor=self.request.user, beneficiaries=beneficiaries, **data)
        )
        serializer.instance = project

    def perform_update(self, serializer):
        if serializer.instance.status not in (Status.NEED_REGISTERED, Status.DRAFT, Status.SUBMITTED):
            raise PermissionDenied(_("An approved đề án changes only through an adjustment request."))
        super().perform_update(serializer)

    def perform_destroy(self, instance):
        if instance.status not in (Status.NEED_REGISTERED, Status.DRAFT):
            raise PermissionDenied(_("Only a draft đề án can be deleted."))
        super().perform_destroy(instance)

    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Take one step of the workflow: {"name", "document": {"number", "issued_on"}, "note", ...}."""
        project = self.get_object()
        payload = TransitionSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        name = data.pop("name")
        extra = {}
        if name == "request_adjustment":
            extra = {"changes": data.get("changes") or {}, "kinds": data.get("kinds") or []}
        elif name == "request_stop":
            extra = {"reason": data.get("reason", "")}
        elif name == "approve" and data.get("plan") is not None:
            extra = {"plan": data["plan"]}
        if name in ("approve", "approve_adjustment") and data.get("cap_exception"):
            extra["cap_exception"] = data["cap_exception"]
        try:
            project = services.perform(
                project,
                name,
                actor=request.user,
                document=data.get("document"),
                note=data.get("note", ""),
                **extra,
            )
        except services.NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            raise drf_serializers.ValidationError({"detail": exc.messages}) from exc
        project = self.get_queryset().prefetch_related("versions", "status_changes").get(pk=project.pk)
        return Response(ProjectDetailSerializer(project, context=self.get_serializer_context()).data)
