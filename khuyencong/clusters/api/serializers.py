from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from khuyencong.accounts.models import Organisation
from khuyencong.core.serializers import ScopedModelSerializer
from khuyencong.geography.models import AdminUnit

from ..choices import ClusterKind, ClusterStatus, DecisionKind, InvestorKind, TenantStatus
from ..models import Cluster, ClusterDecision, ClusterInvestorAssignment, TenantProject


def enum_field(choices, *, blank=False, **kwargs):
    """A choice field whose enum is documented inline in the schema.

    Several models reuse the names `kind` and `status` for different choice sets; drf-spectacular would
    lift each into a named component and warn about the collisions (which fails `check --deploy`). The
    enum wrapped in `allOf` stays inline, valid OpenAPI 3.0, with no naming to collide.
    """
    values = [choice.value for choice in choices] + ([""] if blank else [])
    field_class = extend_schema_field({"allOf": [{"type": "string", "enum": values}]})(
        type("InlineChoiceField", (serializers.ChoiceField,), {})
    )
    return field_class(choices=[*choices.choices, *([("", "")] if blank else [])], **kwargs)


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A related field whose choices are what the requesting user may see."""

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        return queryset.visible_to(request.user if request else None)


class ClusterSerializer(ScopedModelSerializer):
    province = serializers.PrimaryKeyRelatedField(queryset=AdminUnit.objects.filter(level="province"))
    province_code = serializers.CharField(source="province.code", read_only=True)
    province_name = serializers.CharField(source="province.name", read_only=True)
    communes = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=AdminUnit.objects.filter(level="commune")
    )
    investor = ScopedRelatedField(queryset=Organisation.objects.all(), allow_null=True, required=False)
    investor_name = serializers.CharField(
        source="investor.name", read_only=True, allow_null=True, default=None
    )
    kind = enum_field(ClusterKind, required=False)
    investor_kind = enum_field(InvestorKind, read_only=True)
    status = enum_field(ClusterStatus, read_only=True)
    status_override = enum_field(ClusterStatus, blank=True, required=False)
    effective_status = serializers.CharField(read_only=True)
    latest_occupancy = serializers.DecimalField(
        max_digits=5, decimal_places=2, read_only=True, allow_null=True, default=None
    )
    has_wastewater_plant = serializers.BooleanField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = Cluster
        fields = [
            "id",
            "code",
            "name",
            "province",
            "province_code",
            "province_name",
            "communes",
            "kind",
            "in_mountainous_area",
            "is_legacy",
            "planned_area_ha",
            "main_industries",
            "latitude",
            "longitude",
            "boundary",
            "investor",
            "investor_name",
            "investor_kind",
            "status",
            "status_override",
            "status_override_reason",
            "effective_status",
            "latest_occupancy",
            "has_wastewater_plant",
            "is_published",
            "note",
        ]


class DecisionSerializer(ScopedModelSerializer):
    cluster = ScopedRelatedField(queryset=Cluster.objects.all())
    issuing_body = ScopedRelatedField(queryset=Organisation.objects.all(), allow_null=True, required=False)
    investor = ScopedRelatedField(queryset=Organisation.objects.all(), allow_null=True, required=False)
    reference = serializers.CharField(read_only=True)
    kind = enum_field(DecisionKind)

    class Meta:
        model = ClusterDecision
        fields = [
            "id",
            "cluster",
            "kind",
            "number",
            "issued_on",
            "issuing_body",
            "issuing_body_name",
            "signer",
            "area_ha",
            "investor",
            "note",
            "reference",
        ]


class InvestorAssignmentSerializer(ScopedModelSerializer):
    investor_name = serializers.CharField(
        source="investor.name", read_only=True, allow_null=True, default=None
    )
    cluster_name = serializers.CharField(source="cluster.name", read_only=True)
    kind = enum_field(InvestorKind, read_only=True)

    class Meta:
        model = ClusterInvestorAssignment
        fields = [
            "id",
            "cluster",
            "cluster_name",
            "investor",
            "investor_name",
            "kind",
            "since",
            "until",
            "decision",
            "note",
        ]


class TenantSerializer(ScopedModelSerializer):
    cluster = ScopedRelatedField(queryset=Cluster.objects.all())
    investor = ScopedRelatedField(queryset=Organisation.objects.all(), allow_null=True, required=False)
    status = enum_field(TenantStatus, required=False)

    class Meta:
        model = TenantProject
        fields = [
            "id",
            "cluster",
            "name",
            "investor",
            "investor_name",
            "industry",
            "leased_area_ha",
            "registered_capital_vnd",
            "realised_capital_vnd",
            "workers",
            "status",
            "registered_on",
        ]
