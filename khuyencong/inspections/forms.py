from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import Organisation
from khuyencong.clusters.models import Cluster
from khuyencong.core.forms import ScopedModelForm
from khuyencong.facilities.models import Facility
from khuyencong.geography.models import AdminUnit
from khuyencong.geography.pickers import use_province_picker
from khuyencong.programs.models import Project

from .choices import ChecklistResult, RecommendationStatus, Severity
from .models import DOCUMENT_EXTENSIONS, Finding, Inspection, InspectionPlan, Recommendation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InspectionForm(ScopedModelForm):
    """A visit. The checklist is typed one item per line: "item | ok/not_ok/na | note"."""

    checklist_text = forms.CharField(
        label=_("Checklist"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_('One item per line: "item | ok, not_ok or na | note"'),
    )

    class Meta:
        model = Inspection
        fields = [
            "title",
            "plan",
            "level",
            "inspecting_body",
            "province",
            "cluster",
            "project",
            "facility",
            "team_lead",
            "team",
            "start_date",
            "end_date",
            "legal_basis",
            "findings_summary",
            "minutes",
            "status",
        ]
        widgets = {"start_date": DATE, "end_date": DATE, "team": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_province_picker(self, queryset=AdminUnit.objects.provinces().within_scope_of(self.user))
        self.fields["plan"].queryset = InspectionPlan.objects.visible_to(self.user)
        self.fields["inspecting_body"].queryset = Organisation.objects.visible_to(self.user)
        self.fields["cluster"].queryset = Cluster.objects.visible_to(self.user)
        self.fields["project"].queryset = Project.objects.visible_to(self.user)
        self.fields["facility"].queryset = Facility.objects.visible_to(self.user)
        if self.instance.pk and self.instance.checklist:
            self.initial["checklist_text"] = "\n".join(
                " | ".join(str(entry.get(key, "")) for key in ("item", "result", "note")).rstrip(" |")
                for entry in self.instance.checklist
            )

    def clean_checklist_text(self):
        items = []
        for line in self.cleaned_data["checklist_text"].splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            result = parts[1] if len(parts) > 1 else ""
            if result and result not in ChecklistResult.values:
                raise forms.ValidationError(_("Results are ok, not_ok or na: %(line)s") % {"line": line})
            items.append({"item": parts[0], "result": result, "note": " | ".join(parts[2:])})
        return items

    def clean(self):
        cleaned = super().clean()
        self.instance.checklist = cleaned.get("checklist_text") or []
        return cleaned


class PlanForm(ScopedModelForm):
    class Meta:
        model = InspectionPlan
        fields = [
            "title",
            "year",
            "level",
            "organisation",
            "province",
            "decision_number",
            "decision_date",
            "note",
        ]
        widgets = {"decision_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_province_picker(self, queryset=AdminUnit.objects.provinces().within_scope_of(self.user))


class FindingForm(forms.Form):
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 2}))
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.NOTE)


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["finding", "text", "addressee", "addressee_name", "deadline"]
        widgets = {"deadline": DATE, "text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, inspection=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = inspection.findings.all() if inspection else Finding.objects.none()
        self.fields["addressee"].queryset = Organisation.objects.visible_to(user)


class ProposalForm(ScopedModelForm):
    """A local proposal to the central agency (đề xuất, kiến nghị), recorded like a recommendation."""

    class Meta:
        model = Recommendation
        fields = ["province", "text", "addressee", "addressee_name", "deadline"]
        widgets = {"deadline": DATE, "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_province_picker(
            self, queryset=AdminUnit.objects.provinces().within_scope_of(self.user).valid_on()
        )


class FollowUpForm(forms.Form):
    text = forms.CharField(label=_("What was done or answered"), widget=forms.Textarea(attrs={"rows": 2}))
    date = forms.DateField(label=_("Date"), required=False, widget=DATE)
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        help_text=_("PDF, image or office document, at most 20 MB"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in DOCUMENT_EXTENSIONS)}),
    )
    status = forms.ChoiceField(
        label=_("New status"), required=False, choices=[("", _("(unchanged)")), *RecommendationStatus.choices]
    )
    answer = forms.CharField(
        label=_("Answer of the central agency"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BulkFollowUpForm(forms.Form):
    """One follow-up for the recommendations chosen in the list (no file: evidence is attached one by one)."""

    text = forms.CharField(label=_("What was done or answered"), widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(
        label=_("New status"), required=False, choices=[("", _("(unchanged)")), *RecommendationStatus.choices]
    )
