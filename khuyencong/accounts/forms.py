from khuyencong.core.forms import ScopedModelForm
from khuyencong.geography.models import AdminUnit

from .models import Organisation


class OrganisationForm(ScopedModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "province", "tax_code", "valid_from", "valid_to", "successor"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = AdminUnit.objects.provinces().order_by("-valid_from", "name")
