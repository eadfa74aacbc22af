from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx, .xls) or CSV"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.xls,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    include_hidden = forms.BooleanField(label=_("Import hidden rows and columns too"), required=False)
    sheet = forms.ChoiceField(
        label=_("Kind of data in a CSV file"),
        required=False,
        choices=[
            ("", _("(not a CSV file)")),
            ("clusters", _("Industrial clusters")),
            ("tenants", _("Projects in clusters")),
            ("facilities", _("Rural industry facilities")),
            ("projects", _("Industrial promotion projects")),
        ],
    )
