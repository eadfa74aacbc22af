"""Reports and periodic submissions in the API: the same builders and services as the pages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from khuyencong.api.viewsets import ScopedReadOnlyViewSet
from khuyencong.geography.services import AmbiguousUnit, UnitNotFound

from .. import submissions
from ..common import OutsideScope
from ..kinds import KINDS
from ..models import Submission
from .serializers import (
    ClusterReportQuerySerializer,
    DraftSerializer,
    OpenSerializer,
    PromotionReportQuerySerializer,
    ReportSubmissionDetailSerializer,
    ReportSubmissionSerializer,
    StepSerializer,
)


def _report(kind, values, user):
    """The report of `kind` (reports.kinds) for validated query `values`, with its narrative; refused (403)
    when the area is outside the user's scope, never answered with empty figures."""
    report = KINDS[kind]
    params = report.params(values)
    try:
        area = report.area(values["province"], values.get("boundaries"), params, user)
    except (UnitNotFound, AmbiguousUnit) as exc:
        raise drf_serializers.ValidationError(
            {"province": ["No single province matches this name."]}
        ) from exc
    except OutsideScope as exc:
        raise PermissionDenied(str(exc)) from exc
    data, text = report.build(area, params, user)
    return Response({**data, "text": text})


class ClusterReportViewSet(viewsets.ViewSet):
    """The cluster report (docs/reports.md) for a province or the country, counting what the user may see."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[ClusterReportQuerySerializer], responses=OpenApiTypes.OBJECT)
    def list(self, request):
        query = ClusterReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return _report("clusters", query.validated_data, request.user)


class PromotionReportViewSet(viewsets.ViewSet):
    """The khuyến công report over plan years for a province or the country (what the user may see)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[PromotionReportQuerySerializer], responses=OpenApiTypes.OBJECT)
    def list(self, request):
        query = PromotionReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return _report("promotion", query.validated_data, request.user)


class SubmissionViewSet(ScopedReadOnlyViewSet):
    """Periodic report submissions (Biểu 04, khuyến công results): open, edit the draft, submit, review."""

    queryset = Submission.objects.select_related("province", "submitted_by", "reviewed_by").order_by(
        "-year", "id"
    )
    filterset_fields = ["form", "period_kind", "year", "status"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ReportSubmissionDetailSerializer
        if self.action == "open":
            return OpenSerializer
        if self.action == "draft":
            return DraftSerializer
        if self.action == "transition":
            return StepSerializer
        return ReportSubmissionSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("events__actor")
        return queryset

    def _detail(self, submission, code=status.HTTP_200_OK):
        submission = self.get_queryset().prefetch_related("events__actor").get(pk=submission.pk)
        return Response(
            ReportSubmissionDetailSerializer(submission, context=self.get_serializer_context()).data, code
        )

    def _run(self, call):
        try:
            return call()
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            raise drf_serializers.ValidationError({"detail": exc.messages}) from exc

    @extend_schema(request=OpenSerializer, responses={201: ReportSubmissionDetailSerializer})
    @action(detail=False, methods=["post"])
    def open(self, request):
        """Open (or find) the draft of a province's report for a form and period (figures from records)."""
        payload = OpenSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        data = {key: values.get(key) for key in ("tenant_project", "cluster", "commune")}
        if values.get("province"):
            found = submissions.filing_provinces(request.user).filter(code=values["province"]).first()
            data["province"] = found.pk if found else None
        subject = submissions.subject_for(request.user, values["form"], data)
        if subject is None:
            raise PermissionDenied("You do not file this report.")
        submission = self._run(
            lambda: submissions.open_draft(
                form=values["form"], period=values["period"], actor=request.user, **subject
            )
        )
        return self._detail(submission, status.HTTP_201_CREATED)

    @extend_schema(request=DraftSerializer, responses=ReportSubmissionDetailSerializer)
    @action(detail=True, methods=["post"])
    def draft(self, request, pk=None):
        """Save the filer's lines (Biểu 01, 02), difficulties and proposals of a draft or returned report and
        refresh its figures."""
        submission = self.get_object()
        if not submissions.can_file(submission, request.user):
            raise PermissionDenied("You do not file this report.")
        payload = DraftSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        submission = self._run(
            lambda: submissions.save_draft(submission, actor=request.user, **payload.validated_data)
        )
        return self._detail(submission)

    @extend_schema(request=StepSerializer, responses=ReportSubmissionDetailSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """submit (the filer), return with a comment or accept (the level that receives it, TT 14/2024)."""
        submission = self.get_object()
        payload = StepSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        step = payload.validated_data["step"]
        if step not in submissions.allowed_steps(submission, request.user):
            raise PermissionDenied("You may not take this step now.")
        submission = self._run(
            lambda: submissions.perform(
                submission, step, actor=request.user, comment=payload.validated_data["comment"]
            )
        )
        return self._detail(submission)
