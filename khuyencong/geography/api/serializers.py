from rest_framework import serializers

from khuyencong.core.serializers import ScopedModelSerializer

from ..models import AdminUnit


class AdminUnitRefSerializer(ScopedModelSerializer):
    class Meta:
        model = AdminUnit
        fields = ["id", "scheme", "level", "code", "name", "full_name"]


class AdminUnitSerializer(ScopedModelSerializer):
    province_code = serializers.CharField(
        source="province.code", read_only=True, allow_null=True, default=None
    )
    parent_code = serializers.CharField(source="parent.code", read_only=True, allow_null=True, default=None)

    class Meta:
        model = AdminUnit
        fields = [
            "id",
            "scheme",
            "level",
            "code",
            "name",
            "full_name",
            "unit_type",
            "province_code",
            "parent_code",
            "valid_from",
            "valid_to",
            "legal_basis",
        ]


class AdminUnitDetailSerializer(AdminUnitSerializer):
    successors = AdminUnitRefSerializer(many=True, read_only=True, source="successor_units")
    predecessors = AdminUnitRefSerializer(many=True, read_only=True, source="predecessor_units")

    class Meta(AdminUnitSerializer.Meta):
        fields = [*AdminUnitSerializer.Meta.fields, "successors", "predecessors"]
