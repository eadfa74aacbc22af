from django.utils.translation import gettext as _
from rest_framework import serializers

from khuyencong.core.serializers import ScopedModelSerializer

from ..models import Facility, ProductAward
from ..services import find_duplicates


class ProductAwardSerializer(ScopedModelSerializer):
    class Meta:
        model = ProductAward
        fields = ["id", "product", "level", "year", "decision_number"]


class FacilitySerializer(ScopedModelSerializer):
    province_code = serializers.CharField(source="province.code", read_only=True)
    commune_code = serializers.CharField(source="commune.code", read_only=True, allow_null=True, default=None)
    awards = ProductAwardSerializer(many=True, read_only=True)
    allow_duplicate = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = Facility
        fields = [
            "id",
            "name",
            "kind",
            "tax_code",
            "province",
            "province_code",
            "commune",
            "commune_code",
            "address",
            "industry",
            "products",
            "workers",
            "woman_owned",
            "employs_ethnic_minorities",
            "contact_name",
            "phone",
            "latitude",
            "longitude",
            "note",
            "awards",
            "allow_duplicate",
        ]

    def validate(self, attrs):
        allow = attrs.pop("allow_duplicate", False)
        name = attrs.get("name", getattr(self.instance, "name", ""))
        commune = attrs.get("commune", getattr(self.instance, "commune", None))
        duplicates = find_duplicates(name, commune, exclude_pk=getattr(self.instance, "pk", None))
        if not allow and duplicates.exists():
            raise serializers.ValidationError(
                {
                    "name": _(
                        "An establishment with this name is already registered in this commune: %(names)s"
                    )
                    % {"names": ", ".join(f"{f.name} (#{f.pk})" for f in duplicates[:5])}
                }
            )
        return attrs
