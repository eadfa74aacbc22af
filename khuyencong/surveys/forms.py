from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import Organisation
from khuyencong.core import references
from khuyencong.core.forms import ScopedModelForm
from khuyencong.facilities.models import Facility
from khuyencong.geography.models import AdminUnit
from khuyencong.geography.pickers import use_province_picker
from khuyencong.programs.choices import Level

from .models import Collaborator, SurveyAssignment, SurveyForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def provinces_for(user):
    return AdminUnit.objects.provinces().within_scope_of(user).order_by("-valid_from", "name")


def communes_for(user):
    return (
        AdminUnit.objects.communes().within_scope_of(user).order_by("-valid_from", "province__name", "name")
    )


class CollaboratorForm(ScopedModelForm):
    class Meta:
        model = Collaborator
        fields = [
            "full_name",
            "user",
            "organisation",
            "province",
            "phone",
            "email",
            "active_from",
            "active_to",
            "note",
        ]
        widgets = {"active_from": DATE, "active_to": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_province_picker(self, queryset=provinces_for(self.user))
        self.fields["organisation"].queryset = Organisation.objects.visible_to(self.user)
        # Accounts that are not yet somebody else's collaborator profile.
        taken = Collaborator.objects.exclude(pk=self.instance.pk).exclude(user=None).values("user_id")
        self.fields["user"].queryset = (
            references.allowed(Collaborator, "user", self.user).exclude(pk__in=taken).order_by("username")
        )
        self.fields["user"].required = False


class CommuneAssignmentForm(forms.Form):
    commune = forms.ModelChoiceField(queryset=AdminUnit.objects.none(), label=_("Commune"))
    valid_from = forms.DateField(label=_("From"), widget=DATE, required=False)

    def __init__(self, *args, collaborator=None, **kwargs):
        super().__init__(*args, **kwargs)
        province_ids = AdminUnit(pk=collaborator.province_id).all_predecessor_ids() if collaborator else set()
        self.fields["commune"].queryset = (
            AdminUnit.objects.communes().filter(province_id__in=province_ids).order_by("-valid_from", "name")
        )


class AssignmentForm(ScopedModelForm):
    class Meta:
        model = SurveyAssignment
        fields = ["collaborator", "purpose", "form", "commune", "facilities", "due_date", "status", "note"]
        widgets = {"due_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collaborator"].queryset = Collaborator.objects.editable_by(self.user)
        self.fields["form"].queryset = SurveyForm.objects.filter(is_active=True)
        self.fields["commune"].queryset = communes_for(self.user)
        self.fields["facilities"].queryset = Facility.objects.visible_to(self.user).select_related("commune")
        self.fields["facilities"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("commune") and not cleaned.get("facilities"):
            raise forms.ValidationError(_("Name a commune or at least one establishment to survey."))
        return cleaned


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Review note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MergeForm(forms.Form):
    link_to = forms.ModelChoiceField(
        queryset=Facility.objects.none(), required=False, label=_("It is this registered establishment")
    )
    allow_duplicate = forms.BooleanField(
        required=False, label=_("Register anyway (a different establishment with the same name)")
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["link_to"].queryset = candidates


class DraftProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=400, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, initial=Level.LOCAL)
    plan_year = forms.IntegerField(label=_("Plan year"), min_value=2000, max_value=2200)
