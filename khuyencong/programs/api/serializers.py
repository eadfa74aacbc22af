from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from khuyencong.core import references
from khuyencong.core.serializers import ScopedModelSerializer
from khuyencong.facilities.models import Facility

from .. import workflow
from ..caps import cap_violations
from ..models import Plan, Programme, Project, ProjectVersion, StatusChange


class ProgrammeSerializer(ScopedModelSerializer):
    decision_number = serializers.CharField(
        source="decision.number", read_only=True, allow_null=True, default=None
    )
    decision_date = serializers.DateField(
        source="decision.issued_on", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Programme
        fields = [
            "id",
            "level",
            "name",
            "start_year",
            "end_year",
            "province",
            "decision_number",
            "decision_date",
        ]


class PlanSerializer(ScopedModelSerializer):
    province_code = serializers.CharField(source="province.code", read_only=True)
    decision_number = serializers.CharField(
        source="decision.number", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Plan
        fields = [
            "id",
            "programme",
            "level",
            "year",
            "province",
            "province_code",
            "budget_vnd",
            "decision",
            "decision_number",
            "note",
        ]
        read_only_fields = ["decision"]


class ProjectSerializer(ScopedModelSerializer):
    province_code = serializers.CharField(source="province.code", read_only=True)
    category_code = serializers.CharField(
        source="category.code", read_only=True, allow_null=True, default=None
    )
    executing_unit_name = serializers.CharField(
        source="executing_unit.name", read_only=True, allow_null=True, default=None
    )
    beneficiaries = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Facility.objects.all(), required=False
    )
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "title",
            "level",
            "plan_year",
            "plan",
            "category",
            "category_code",
            "support_content",
            "subtype",
            "executing_unit",
            "executing_unit_name",
            "beneficiaries",
            "province",
            "province_code",
            "commune",
            "objectives",
            "trainees",
            "machines",
            "models_built",
            "products",
            "booths",
            "state_support_vnd",
            "counterpart_vnd",
            "total_cost_vnd",
            "start_date",
            "end_date",
            "status",
            "version_number",
            "is_overdue",
            "note",
        ]
        read_only_fields = ["status", "version_number"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "beneficiaries" in self.fields:
            self.fields["beneficiaries"].child_relation.queryset = Facility.objects.visible_to(request.user)


class VersionSerializer(ScopedModelSerializer):
    class Meta:
        model = ProjectVersion
        fields = ["number", "status", "kinds", "data", "reason", "requested_at", "decided_at", "decision"]


class StatusChangeSerializer(ScopedModelSerializer):
    class Meta:
        model = StatusChange
        fields = ["transition", "from_status", "to_status", "changed_by", "changed_at", "document", "note"]


class ProjectDetailSerializer(ProjectSerializer):
    available_transitions = serializers.SerializerMethodField()
    missing_fields = serializers.SerializerMethodField()
    cap_violations = serializers.SerializerMethodField()
    versions = VersionSerializer(many=True, read_only=True)
    status_changes = StatusChangeSerializer(many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [
            *ProjectSerializer.Meta.fields,
            "available_transitions",
            "missing_fields",
            "cap_violations",
            "versions",
            "status_changes",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_available_transitions(self, project):
        user = self.context["request"].user
        return [t.name for t in workflow.available_transitions(project, user)]

    @extend_schema_field(serializers.DictField(child=serializers.ListField(child=serializers.CharField())))
    def get_missing_fields(self, project):
        return {
            t.name: workflow.missing_fields_for(project, t.target)
            for t in workflow.TRANSITIONS
            if project.status in t.sources and project.level in t.levels and t.target != workflow.RETURN
        }

    @extend_schema_field(serializers.ListField(child=serializers.DictField(child=serializers.CharField())))
    def get_cap_violations(self, project):
        return [
            {"cap": v.code, "legal_source": v.legal_source, "message": v.message}
            for v in cap_violations(project)
        ]


class DocumentInputSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=60)
    issued_on = serializers.DateField()
    issuing_body_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    signer = serializers.CharField(max_length=120, required=False, allow_blank=True)


class TransitionSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=sorted(workflow.BY_NAME))
    document = DocumentInputSerializer(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True)
    changes = serializers.DictField(required=False)
    kinds = serializers.ListField(child=serializers.CharField(), required=False)
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all(), required=False, allow_null=True)
    cap_exception = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="approve / approve_adjustment: legal basis of an exception to a support cap",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # a plan the user may choose for a đề án, like the form's and the API's
            plans = Plan.objects.all()
            self.fields["plan"].queryset = references.narrow(plans, Project, "plan", request.user)
