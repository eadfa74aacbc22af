from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReminderPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["email_reminders", "lead_days"]

    def clean_lead_days(self):
        value = self.cleaned_data["lead_days"]
        if not 1 <= value <= 60:
            raise forms.ValidationError(_("Between 1 and 60 days."))
        return value


class WorkdayForm(forms.Form):
    start = forms.DateField(label=_("From"))
    days = forms.IntegerField(label=_("Working days"), min_value=0, max_value=365)
