from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.core.forms import ScopedModelForm
from khuyencong.geography.models import AdminUnit
from khuyencong.geography.pickers import use_province_picker

from .models import Facility
from .services import find_duplicates


class FacilityForm(ScopedModelForm):
    """Create/edit an establishment; refuses a second one with the same name in the same commune."""

    allow_duplicate = forms.BooleanField(
        label=_("Register anyway (this is a different establishment with the same name)"), required=False
    )

    class Meta:
        model = Facility
        fields = [
            "name",
            "kind",
            "tax_code",
            "province",
            "commune",
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
            "to_complete",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_province_picker(self, queryset=AdminUnit.objects.filter(level="province"))
        self.fields["commune"].queryset = AdminUnit.objects.filter(level="commune").order_by("scheme", "code")

    def clean(self):
        cleaned = super().clean()
        commune, province = cleaned.get("commune"), cleaned.get("province")
        if commune is not None and province is not None and commune.province_id != province.pk:
            self.add_error("commune", _("This commune is not in the chosen province."))
        duplicates = find_duplicates(cleaned.get("name"), commune, exclude_pk=self.instance.pk)
        if not cleaned.get("allow_duplicate") and duplicates.exists():
            names = ", ".join(f"{f.name} (#{f.pk})" for f in duplicates[:5])
            raise forms.ValidationError(
                _("An establishment with this name is already registered in this commune: %(names)s"),
                params={"names": names},
                code="duplicate",
            )
        return cleaned
