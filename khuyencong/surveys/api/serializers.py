from django.utils.translation import gettext as _
from rest_framework import serializers

from khuyencong.accounts.models import User
from khuyencong.core.serializers import ScopedModelSerializer
from khuyencong.facilities.models import Facility
from khuyencong.geography.models import AdminUnit

from ..models import (
    Collaborator,
    CollaboratorCommune,
    ResponsePhoto,
    SurveyAssignment,
    SurveyForm,
    SurveyResponse,
)
from ..services import MAX_PHOTOS


def _user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class CollaboratorCommuneSerializer(ScopedModelSerializer):
    commune_name = serializers.CharField(source="commune.full_name", read_only=True)

    class Meta:
        model = CollaboratorCommune
        fields = ["id", "commune", "commune_name", "district", "valid_from", "valid_to"]


class CollaboratorSerializer(ScopedModelSerializer):
    communes = CollaboratorCommuneSerializer(source="commune_assignments", many=True, read_only=True)
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Collaborator
        fields = [
            "id",
            "full_name",
            "user",
            "organisation",
            "province",
            "phone",
            "email",
            "active_from",
            "active_to",
            "note",
            "communes",
        ]

    def validate(self, attrs):
        start = attrs.get("active_from", getattr(self.instance, "active_from", None))
        end = attrs.get("active_to", getattr(self.instance, "active_to", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"active_to": _("The end date must not be before the start date.")}
            )
        user = attrs.get("user")
        if (
            user is not None
            and Collaborator.objects.exclude(pk=getattr(self.instance, "pk", None)).filter(user=user).exists()
        ):
            raise serializers.ValidationError({"user": _("This account is already a collaborator.")})
        return attrs


class SurveyAssignmentSerializer(ScopedModelSerializer):
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = SurveyAssignment
        fields = [
            "id",
            "collaborator",
            "purpose",
            "form",
            "commune",
            "facilities",
            "province",
            "due_date",
            "status",
            "note",
            "is_overdue",
        ]
        read_only_fields = ["province"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = _user(self)
        if user is not None:
            self.fields["collaborator"].queryset = Collaborator.objects.editable_by(user)
            self.fields["facilities"].child_relation.queryset = Facility.objects.visible_to(user)

    def validate(self, attrs):
        commune = attrs.get("commune", getattr(self.instance, "commune", None))
        facilities = attrs.get("facilities")
        if facilities is None and self.instance is not None:
            facilities = list(self.instance.facilities.all())
        if commune is None and not facilities:
            raise serializers.ValidationError(_("Name a commune or at least one establishment to survey."))
        return attrs


class SurveyFormSerializer(ScopedModelSerializer):
    class Meta:
        model = SurveyForm
        fields = ["id", "code", "version", "title", "purpose", "description", "definition", "is_active"]


class ResponsePhotoSerializer(ScopedModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ResponsePhoto
        fields = ["id", "field", "url"]

    def get_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("protected-file", args=["surveys", "responsephoto", obj.pk, "image"])


class SurveyResponseSerializer(ScopedModelSerializer):
    photos = ResponsePhotoSerializer(many=True, read_only=True)

    class Meta:
        model = SurveyResponse
        fields = [
            "id",
            "client_uuid",
            "form",
            "assignment",
            "collaborator",
            "facility",
            "base_version",
            "province",
            "commune",
            "answers",
            "latitude",
            "longitude",
            "accuracy_m",
            "captured_at",
            "received_at",
            "status",
            "project",
            "photos",
        ]
        read_only_fields = fields


class PhotoUploadSerializer(serializers.Serializer):
    field = serializers.CharField(max_length=60, allow_blank=True, required=False, default="")
    data = serializers.CharField(
        help_text="The image as a data URL or base64 (JPEG, PNG or WebP, at most 5 MB)"
    )


class SubmissionSerializer(serializers.Serializer):
    """One survey as the phone sends it; `client_uuid` makes resending safe."""

    client_uuid = serializers.UUIDField()
    form = serializers.PrimaryKeyRelatedField(queryset=SurveyForm.objects.all())
    assignment = serializers.PrimaryKeyRelatedField(
        queryset=SurveyAssignment.objects.all(), required=False, allow_null=True
    )
    facility = serializers.PrimaryKeyRelatedField(
        queryset=Facility.objects.all(), required=False, allow_null=True
    )
    base_version = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=2**62)
    commune = serializers.PrimaryKeyRelatedField(
        queryset=AdminUnit.objects.communes(), required=False, allow_null=True
    )
    answers = serializers.DictField(child=serializers.JSONField(), allow_empty=True)
    latitude = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    accuracy_m = serializers.FloatField(required=False, allow_null=True, min_value=0, max_value=1e9)
    captured_at = serializers.DateTimeField(required=False, allow_null=True)
    photos = PhotoUploadSerializer(many=True, required=False, max_length=MAX_PHOTOS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = _user(self)
        if user is not None:
            self.fields["form"].queryset = SurveyForm.objects.visible_to(user)
            self.fields["assignment"].queryset = SurveyAssignment.objects.visible_to(user)
            self.fields["facility"].queryset = Facility.objects.visible_to(user)


class SyncRequestSerializer(serializers.Serializer):
    submissions = serializers.ListField(child=serializers.JSONField(), max_length=50)


class SyncResultSerializer(serializers.Serializer):
    client_uuid = serializers.CharField()
    result = serializers.ChoiceField(choices=["created", "existing", "error"])
    id = serializers.IntegerField(allow_null=True)
    status = serializers.CharField(allow_blank=True)
    errors = serializers.JSONField()


class SyncResponseSerializer(serializers.Serializer):
    results = SyncResultSerializer(many=True)


class ReviewActionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MergeActionSerializer(serializers.Serializer):
    link_to = serializers.PrimaryKeyRelatedField(
        queryset=Facility.objects.all(), required=False, allow_null=True
    )
    allow_duplicate = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = _user(self)
        if user is not None:
            self.fields["link_to"].queryset = Facility.objects.editable_by(user)
