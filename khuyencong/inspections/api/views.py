from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from khuyencong.accounts.models import Organisation
from khuyencong.api.viewsets import NO_DELETE, ScopedModelViewSet
from khuyencong.core.serializers import ScopedModelSerializer
from khuyencong.geography.models import AdminUnit

from .. import services
from ..choices import RecommendationKind, RecommendationStatus
from ..filtersets import InspectionFilterSet, PlanFilterSet, RecommendationFilterSet
from ..models import Finding, FollowUp, Inspection, InspectionPlan, Recommendation


def _bad_request(exc):
    if hasattr(exc, "message_dict"):
        return serializers.ValidationError(exc.message_dict)
    return serializers.ValidationError({"detail": exc.messages})


def _validate_model(serializer, attrs, exclude=()):
    """Run the model's own validation (clean + constraints) on the would-be object: 400, never a 500."""
    model = serializer.Meta.model
    instance = serializer.instance or model()
    candidate = model(**{f.attname: getattr(instance, f.attname) for f in model._meta.concrete_fields})
    for name, value in attrs.items():
        setattr(candidate, name, value)
    try:
        candidate.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as exc:
        raise _bad_request(exc) from exc
    return attrs


def _scope_fields(serializer, mapping):
    request = serializer.context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return
    for name, queryset in mapping.items():
        if name in serializer.fields:
            serializer.fields[name].queryset = queryset.visible_to(user)


class InspectionPlanSerializer(ScopedModelSerializer):
    class Meta:
        model = InspectionPlan
        fields = [
            "id",
            "title",
            "year",
            "level",
            "organisation",
            "province",
            "decision_number",
            "decision_date",
            "note",
        ]
        extra_kwargs = {"year": {"min_value": 1990, "max_value": 2200}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scope_fields(self, {"organisation": Organisation.objects})

    def validate(self, attrs):
        return _validate_model(self, attrs)


class InspectionSerializer(ScopedModelSerializer):
    subject = serializers.SerializerMethodField()
    minutes = serializers.FileField(read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "plan",
            "title",
            "level",
            "inspecting_body",
            "province",
            "cluster",
            "project",
            "facility",
            "subject",
            "team_lead",
            "team",
            "start_date",
            "end_date",
            "legal_basis",
            "checklist",
            "findings_summary",
            "minutes",
            "status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from khuyencong.clusters.models import Cluster
        from khuyencong.facilities.models import Facility
        from khuyencong.programs.models import Project

        _scope_fields(
            self,
            {
                "plan": InspectionPlan.objects,
                "inspecting_body": Organisation.objects,
                "cluster": Cluster.objects,
                "project": Project.objects,
                "facility": Facility.objects,
            },
        )

    def get_subject(self, obj) -> str:
        return str(obj.subject) if obj.subject is not None else ""

    def validate(self, attrs):
        return _validate_model(self, attrs, exclude=["minutes", "search_text"])


class FindingSerializer(ScopedModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "inspection", "number", "text", "severity"]
        read_only_fields = ["number"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scope_fields(self, {"inspection": Inspection.objects})


class FollowUpSerializer(ScopedModelSerializer):
    status_after = serializers.ChoiceField(
        choices=RecommendationStatus.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = FollowUp
        fields = ["id", "date", "text", "evidence", "status_after", "author"]
        read_only_fields = fields


class RecommendationSerializer(ScopedModelSerializer):
    follow_ups = FollowUpSerializer(many=True, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    province = serializers.PrimaryKeyRelatedField(
        queryset=AdminUnit.objects.provinces(), required=False, help_text="Only for a local proposal"
    )

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "kind",
            "inspection",
            "finding",
            "province",
            "text",
            "addressee",
            "addressee_name",
            "deadline",
            "status",
            "is_overdue",
            "answer",
            "closed_on",
            "follow_ups",
        ]
        read_only_fields = ["kind", "status", "closed_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scope_fields(
            self,
            {"inspection": Inspection.objects, "finding": Finding.objects, "addressee": Organisation.objects},
        )

    def validate(self, attrs):
        finding = attrs.get("finding", getattr(self.instance, "finding", None))
        inspection = attrs.get("inspection", getattr(self.instance, "inspection", None))
        if finding is not None:
            attrs["inspection"] = inspection = finding.inspection
        if inspection is not None:
            attrs["province"] = inspection.province
            attrs["kind"] = RecommendationKind.INSPECTION
        elif self.instance is None:
            attrs["kind"] = RecommendationKind.PROPOSAL
            if attrs.get("province") is None:
                raise serializers.ValidationError({"province": "A local proposal needs its province."})
        return _validate_model(self, attrs)


class FollowUpActionSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    date = serializers.DateField(required=False, allow_null=True)
    evidence = serializers.FileField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=RecommendationStatus.choices, required=False, allow_blank=True)
    answer = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class InspectionPlanViewSet(ScopedModelViewSet):
    queryset = InspectionPlan.objects.select_related("province", "organisation").order_by(
        "-year", "title", "id"
    )
    serializer_class = InspectionPlanSerializer
    filterset_class = PlanFilterSet


class InspectionViewSet(ScopedModelViewSet):
    """Inspection visits; the subject (cluster, đề án or establishment) must match the kind of visit.
    Not deleted: findings and recommendations are part of the record."""

    queryset = Inspection.objects.select_related("province", "cluster", "project", "facility").order_by(
        "-start_date", "-id"
    )
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet
    http_method_names = NO_DELETE
    close_instead = _(
        "An inspection is not deleted: its findings and recommendations are part of the record."
    )


class FindingViewSet(ScopedModelViewSet):
    """Findings of inspections; corrected, not deleted (recommendations hang on them)."""

    queryset = Finding.objects.select_related("inspection").order_by("inspection_id", "number", "id")
    serializer_class = FindingSerializer
    http_method_names = NO_DELETE
    close_instead = _(
        "A finding is not deleted: it is part of the inspection's record; correct its text instead."
    )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        inspection = data.pop("inspection")
        try:
            serializer.instance = self.checked_save(
                lambda: services.add_finding(inspection, actor=self.request.user, **data)
            )
        except services.NotAllowed as exc:
            raise PermissionDenied(" ".join(exc.messages)) from exc
        except ValidationError as exc:
            raise _bad_request(exc) from exc


class RecommendationViewSet(ScopedModelViewSet):
    """Recommendations (kiến nghị) and local proposals; `?overdue=true` for the overdue ones. Status moves
    only through `follow-up` entries; closing needs evidence."""

    queryset = (
        Recommendation.objects.select_related("addressee", "province")
        .prefetch_related("follow_ups")
        .order_by("deadline", "id")
    )
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilterSet
    http_method_names = NO_DELETE
    close_instead = _("A recommendation is not deleted: close it with a follow-up entry (POST …/follow-up/).")

    @extend_schema(request=FollowUpActionSerializer, responses={200: RecommendationSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path="follow-up",
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )
    def follow_up(self, request, pk=None):
        """Add a follow-up entry (with evidence) and optionally move the status."""
        recommendation = self.get_object()
        payload = FollowUpActionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            self.checked_save(
                lambda: (
                    services.record_follow_up(
                        recommendation,
                        actor=request.user,
                        text=data["text"],
                        evidence=data.get("evidence"),
                        status=data.get("status") or None,
                        on=data.get("date"),
                        answer=data.get("answer"),
                    ).recommendation
                )
            )
        except services.NotAllowed as exc:
            raise PermissionDenied(" ".join(exc.messages)) from exc
        except ValidationError as exc:
            raise _bad_request(exc) from exc
        recommendation = self.get_queryset().get(pk=recommendation.pk)
        return Response(RecommendationSerializer(recommendation, context=self.get_serializer_context()).data)
