from rest_framework import serializers

from khuyencong.core.serializers import ScopedModelSerializer

from ..models import Submission, SubmissionEvent
from ..periods import Period, ReportForm


class ReportSubmissionEventSerializer(ScopedModelSerializer):
    actor = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = SubmissionEvent
        fields = ["action", "from_status", "to_status", "actor", "at", "comment"]


class ReportSubmissionSerializer(ScopedModelSerializer):
    province_code = serializers.CharField(source="province.code", read_only=True)
    province_name = serializers.CharField(source="province.full_name", read_only=True)
    period = serializers.CharField(source="period.code", read_only=True)
    submitted_by = serializers.StringRelatedField(allow_null=True)
    reviewed_by = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "form",
            "period",
            "period_kind",
            "year",
            "province",
            "province_code",
            "province_name",
            "cluster",
            "commune",
            "tenant_project",
            "status",
            "deadline",
            "difficulties",
            "proposals",
            "submitted_at",
            "submitted_by",
            "reviewed_at",
            "reviewed_by",
            "review_comment",
        ]
        read_only_fields = fields


class ReportSubmissionDetailSerializer(ReportSubmissionSerializer):
    figures = serializers.JSONField(read_only=True)
    entries = serializers.JSONField(read_only=True)
    events = ReportSubmissionEventSerializer(many=True, read_only=True)

    class Meta(ReportSubmissionSerializer.Meta):
        fields = [*ReportSubmissionSerializer.Meta.fields, "entries", "figures", "figures_at", "events"]
        read_only_fields = fields


class OpenSerializer(serializers.Serializer):
    form = serializers.ChoiceField(choices=ReportForm.choices)
    period = serializers.RegexField(
        r"^\d{4}-(6t|nam)$", help_text="e.g. 2026-6t (six months) or 2025-nam (year)", max_length=8
    )
    province = serializers.CharField(
        help_text="official code of a current province, e.g. 68 (Biểu 04, khuyến công results)",
        max_length=10,
        required=False,
    )
    tenant_project = serializers.IntegerField(
        help_text="investment project id (Biểu 01, filed by its enterprise)", required=False, min_value=1
    )
    cluster = serializers.IntegerField(help_text="cluster id (Biểu 02)", required=False, min_value=1)
    commune = serializers.IntegerField(
        help_text="commune id (Biểu 03; a district id for periods before 1/7/2025)",
        required=False,
        min_value=1,
    )

    def validate_period(self, value):
        try:
            return Period.parse(value)
        except ValueError as exc:
            raise serializers.ValidationError("YYYY-6t or YYYY-nam, 2000–2100") from exc


class DraftSerializer(serializers.Serializer):
    difficulties = serializers.CharField(allow_blank=True, default="", max_length=20000)
    proposals = serializers.CharField(allow_blank=True, default="", max_length=20000)
    entries = serializers.DictField(
        child=serializers.CharField(allow_blank=True, allow_null=True, max_length=40),
        required=False,
        help_text="Biểu 01 / 02: the filer's lines by key (reports/tt14.py), e.g. revenue_billion_vnd: 12,5",
    )


class StepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=["submit", "return", "accept"])
    comment = serializers.CharField(allow_blank=True, default="", max_length=5000)


class ClusterReportQuerySerializer(serializers.Serializer):
    province = serializers.CharField(help_text="code or name of a province, or VN for the whole country")
    as_of = serializers.DateField(required=False)
    boundaries = serializers.DateField(required=False)


class PromotionReportQuerySerializer(serializers.Serializer):
    province = serializers.CharField(help_text="code or name of a province, or VN for the whole country")
    from_year = serializers.IntegerField(min_value=2000, max_value=2100)
    to_year = serializers.IntegerField(min_value=2000, max_value=2100)
    boundaries = serializers.DateField(required=False)

    def validate(self, attrs):
        if attrs["from_year"] > attrs["to_year"]:
            raise serializers.ValidationError("from_year must not be after to_year")
        return attrs
