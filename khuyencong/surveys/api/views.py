from django.core.exceptions import ValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from khuyencong.api.viewsets import ScopedEditPermission, ScopedModelViewSet, ScopedReadOnlyViewSet
from khuyencong.core.scoping import OutOfScope
from khuyencong.facilities.services import DuplicateFacility

from .. import services
from ..filtersets import AssignmentFilterSet, CollaboratorFilterSet, FormFilterSet, ResponseFilterSet
from ..models import Collaborator, SurveyAssignment, SurveyForm, SurveyResponse
from .serializers import (
    CollaboratorSerializer,
    MergeActionSerializer,
    ReviewActionSerializer,
    SubmissionSerializer,
    SurveyAssignmentSerializer,
    SurveyFormSerializer,
    SurveyResponseSerializer,
    SyncRequestSerializer,
    SyncResponseSerializer,
)


def _bad_request(exc):
    if hasattr(exc, "message_dict"):
        return drf_serializers.ValidationError(exc.message_dict)
    return drf_serializers.ValidationError({"detail": exc.messages})


class CollaboratorViewSet(ScopedModelViewSet):
    """Collaborators (cộng tác viên khuyến công) and their communes; a collaborator sees only themself."""

    queryset = (
        Collaborator.objects.select_related("province", "organisation")
        .prefetch_related("commune_assignments__commune")
        .order_by("full_name", "id")
    )
    serializer_class = CollaboratorSerializer
    filterset_class = CollaboratorFilterSet

    def _save(self, serializer):
        collaborator = self.checked_save(serializer.save)
        services.sync_role(collaborator, actor=self.request.user)

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer)


class SurveyAssignmentViewSet(ScopedModelViewSet):
    """Survey work given to collaborators; a collaborator sees only their own assignments."""

    queryset = (
        SurveyAssignment.objects.select_related("collaborator", "commune", "form")
        .prefetch_related("facilities")
        .order_by("due_date", "id")
    )
    serializer_class = SurveyAssignmentSerializer
    filterset_class = AssignmentFilterSet

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        facilities = data.pop("facilities", [])
        collaborator = data.pop("collaborator")
        try:
            serializer.instance = self.checked_save(
                lambda: services.create_assignment(
                    actor=self.request.user, collaborator=collaborator, facilities=facilities, **data
                )
            )
        except ValidationError as exc:
            raise _bad_request(exc) from exc


class SurveyFormViewSet(ScopedReadOnlyViewSet):
    """Survey forms defined as data (fields, types, choices, skip logic); each version is kept."""

    queryset = SurveyForm.objects.order_by("code", "-version")
    serializer_class = SurveyFormSerializer
    filterset_class = FormFilterSet


def _submit(request, data):
    """Validate and store one submission. Returns (response, created)."""
    serializer = SubmissionSerializer(data=data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    values = dict(serializer.validated_data)
    photos = []
    for photo in values.pop("photos", []):
        content, _extension = services.decode_photo(photo["data"])
        photos.append((photo.get("field", ""), content))
    return services.receive_response(actor=request.user, photos=photos, **values)


class SurveyResponseViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Survey responses. Sending a survey with a `client_uuid` that is already stored returns the stored
    response with 200 (not 201): a phone may resend safely. `sync` takes a batch of offline surveys."""

    queryset = (
        SurveyResponse.objects.select_related("form")
        .prefetch_related("photos")
        .order_by("-captured_at", "-id")
    )
    serializer_class = SurveyResponseSerializer
    filterset_class = ResponseFilterSet
    permission_classes = [permissions.IsAuthenticated, ScopedEditPermission]

    @extend_schema(
        request=SubmissionSerializer, responses={200: SurveyResponseSerializer, 201: SurveyResponseSerializer}
    )
    def create(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                response, created = _submit(request, request.data)
        except (services.NotAllowed, OutOfScope) as exc:
            raise PermissionDenied(" ".join(getattr(exc, "messages", [])) or None) from exc
        except ValidationError as exc:
            raise _bad_request(exc) from exc
        data = SurveyResponseSerializer(response, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=SyncRequestSerializer, responses={200: SyncResponseSerializer})
    @action(detail=False, methods=["post"])
    def sync(self, request):
        """A batch of offline surveys: each is stored once; the answer says, per client id, whether it was
        created now, already stored, or refused (with the reasons)."""
        batch = SyncRequestSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        results = []
        for item in batch.validated_data["submissions"]:
            client_uuid = str(item.get("client_uuid", "")) if isinstance(item, dict) else ""
            try:
                with transaction.atomic():
                    response, created = _submit(request, item)
            except drf_serializers.ValidationError as exc:
                results.append(_error(client_uuid, exc.detail))
                continue
            except (services.NotAllowed, OutOfScope) as exc:
                results.append(_error(client_uuid, {"detail": getattr(exc, "messages", ["forbidden"])}))
                continue
            except ValidationError as exc:
                results.append(_error(client_uuid, getattr(exc, "message_dict", {"detail": exc.messages})))
                continue
            results.append(
                {
                    "client_uuid": str(response.client_uuid),
                    "result": "created" if created else "existing",
                    "id": response.pk,
                    "status": response.status,
                    "errors": {},
                }
            )
        return Response({"results": results})

    def _step(self, request, run):
        response = self.get_object()
        if not SurveyResponse.objects.editable_by(request.user).filter(pk=response.pk).exists():
            raise PermissionDenied()
        try:
            run(response)
        except services.NotAllowed as exc:
            raise PermissionDenied(" ".join(exc.messages)) from exc
        except DuplicateFacility as exc:
            raise drf_serializers.ValidationError(
                {"detail": exc.messages, "duplicates": [f.pk for f in exc.duplicates]}
            ) from exc
        except ValidationError as exc:
            raise _bad_request(exc) from exc
        response.refresh_from_db()
        return Response(SurveyResponseSerializer(response, context=self.get_serializer_context()).data)

    @extend_schema(request=ReviewActionSerializer, responses={200: SurveyResponseSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Mark a received response as reviewed."""
        payload = ReviewActionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._step(
            request,
            lambda r: services.mark_reviewed(r, actor=request.user, note=payload.validated_data["note"]),
        )

    @extend_schema(request=MergeActionSerializer, responses={200: SurveyResponseSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Merge into the registry (a same-name establishment in the commune is refused unless linked)."""
        payload = MergeActionSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        return self._step(
            request, lambda r: services.merge_into_registry(r, actor=request.user, **payload.validated_data)
        )


def _error(client_uuid, errors):
    return {"client_uuid": client_uuid, "result": "error", "id": None, "status": "", "errors": errors}
