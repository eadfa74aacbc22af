from django.utils.translation import gettext as _
from rest_framework import serializers

from khuyencong.accounts.models import Organisation
from khuyencong.clusters.api.serializers import ScopedRelatedField
from khuyencong.clusters.models import Cluster, ClusterDecision
from khuyencong.core.serializers import ScopedModelSerializer
from khuyencong.geography.models import AdminUnit
from khuyencong.inspections.models import Inspection, Recommendation
from khuyencong.programs.models import Document, Project
from khuyencong.reports.models import Submission

from ..choices import Direction
from ..models import LINK_FIELDS, OWN_DOCUMENT_FIELDS, Correspondence, CorrespondenceLink


class CorrespondenceSerializer(ScopedModelSerializer):
    """A register entry. For an entry mirroring a cluster decision or a promotion document, `number`,
    `issued_on`, `issuing_body(_name)` and `signer` are read from that decision and cannot be written
    here (write them on the decision)."""

    # Null in answers for entries that mirror a national document; never written as null.
    province = serializers.PrimaryKeyRelatedField(
        queryset=AdminUnit.objects.filter(level="province"), allow_null=True
    )
    issuing_body = ScopedRelatedField(queryset=Organisation.objects.all(), allow_null=True, required=False)
    recipients = ScopedRelatedField(queryset=Organisation.objects.all(), many=True, required=False)
    in_reply_to = ScopedRelatedField(queryset=Correspondence.objects.all(), allow_null=True, required=False)
    issuer = serializers.CharField(source="ref_issuer", read_only=True)
    subject = serializers.CharField(read_only=True)
    answered = serializers.BooleanField(read_only=True, allow_null=True, default=None)
    cluster_decision = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    programme_document = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Correspondence
        fields = [
            "id",
            "direction",
            "kind",
            "number",
            "issued_on",
            "issuing_body",
            "issuing_body_name",
            "issuer",
            "signer",
            "recipients",
            "recipient_names",
            "summary",
            "subject",
            "body",
            "received_on",
            "reply_by",
            "in_reply_to",
            "answered",
            "province",
            "note",
            "cluster_decision",
            "programme_document",
        ]
        extra_kwargs = {"number": {"required": False}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.is_mirror:
            source = instance.source
            data["number"] = source.number
            data["issued_on"] = source.issued_on.isoformat() if source.issued_on else None
            data["issuing_body"] = source.issuing_body_id
            data["issuing_body_name"] = source.issuing_body_name
            data["signer"] = source.signer
        return data

    def validate_province(self, value):
        if value is None:
            raise serializers.ValidationError(_("This field is required."))
        return value

    def validate(self, attrs):
        instance = self.instance
        mirror = instance is not None and instance.is_mirror
        errors = {}
        if mirror:
            for name in OWN_DOCUMENT_FIELDS:
                if name in attrs:
                    errors[name] = _("Kept on the decision this entry mirrors; change it there.")
            if "province" in attrs and attrs["province"].pk != instance.province_id:
                errors["province"] = _("Kept on the decision this entry mirrors; change it there.")
        else:

            def value(name):
                return attrs[name] if name in attrs else getattr(instance, name, None)

            if not value("number"):
                errors["number"] = _("This field is required.")
            if not value("issued_on"):
                errors["issued_on"] = _("This field is required.")
            if not value("issuing_body") and not value("issuing_body_name"):
                errors["issuing_body_name"] = _("Give the issuing body, from the register or by name.")
        direction = attrs.get("direction", getattr(instance, "direction", None))
        reply_to = attrs.get("in_reply_to", getattr(instance, "in_reply_to", None))
        if reply_to is not None:
            if direction != Direction.OUTGOING:
                errors["in_reply_to"] = _("Only an outgoing document answers another one.")
            elif reply_to.direction != Direction.INCOMING or (instance and reply_to.pk == instance.pk):
                errors["in_reply_to"] = _("An outgoing document answers an incoming one.")
        if attrs.get("reply_by", getattr(instance, "reply_by", None)) and direction != Direction.INCOMING:
            errors["reply_by"] = _("Only an incoming document has a reply-by date.")
        if (
            attrs.get("received_on", getattr(instance, "received_on", None))
            and direction != Direction.INCOMING
        ):
            errors["received_on"] = _("Only an incoming document has a date received.")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class CorrespondenceLinkSerializer(ScopedModelSerializer):
    """What a document concerns: exactly one of the record fields is set."""

    correspondence = ScopedRelatedField(queryset=Correspondence.objects.all())
    cluster = ScopedRelatedField(queryset=Cluster.objects.all(), allow_null=True, required=False)
    cluster_decision = ScopedRelatedField(
        queryset=ClusterDecision.objects.all(), allow_null=True, required=False
    )
    project = ScopedRelatedField(queryset=Project.objects.all(), allow_null=True, required=False)
    programme_document = ScopedRelatedField(queryset=Document.objects.all(), allow_null=True, required=False)
    inspection = ScopedRelatedField(queryset=Inspection.objects.all(), allow_null=True, required=False)
    recommendation = ScopedRelatedField(
        queryset=Recommendation.objects.all(), allow_null=True, required=False
    )
    submission = ScopedRelatedField(queryset=Submission.objects.all(), allow_null=True, required=False)
    target_kind = serializers.CharField(source="target_field", read_only=True)

    class Meta:
        model = CorrespondenceLink
        fields = ["id", "correspondence", *LINK_FIELDS, "target_kind", "note"]
        validators = []  # uniqueness is answered in validate() with a message, not a generic one

    def validate(self, attrs):
        chosen = [name for name in LINK_FIELDS if attrs.get(name) is not None]
        if len(chosen) != 1:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Give exactly one of: %s.") % ", ".join(LINK_FIELDS)]}
            )
        name = chosen[0]
        if CorrespondenceLink.objects.filter(
            correspondence=attrs["correspondence"], **{name: attrs[name]}
        ).exists():
            raise serializers.ValidationError({name: _("The document is already linked to this record.")})
        return attrs
