from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.core.forms import ScopedModelForm, SearchableChoicesMixin
from khuyencong.facilities.models import Facility
from khuyencong.geography.models import AdminUnit
from khuyencong.geography.pickers import use_province_picker

from .choices import AdjustmentKind, PaymentKind
from .models import ContentCategory, Payment, Plan, Project, ProvincialSupportCap


class ProjectForm(ScopedModelForm):
    """Create or edit a đề án while it is being prepared (after approval, changes go through adjustments)."""

    class Meta:
        model = Project
        fields = [
            "code",
            "title",
            "level",
            "plan_year",
            "plan",
            "category",
            "support_content",
            "subtype",
            "executing_unit",
            "beneficiaries",
            "province",
            "commune",
            "objectives",
            "trainees",
            "machines",
            "models_built",
            "products",
            "booths",
            "state_support_vnd",
            "counterpart_vnd",
            "total_cost_vnd",
            "start_date",
            "end_date",
            "note",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_province_picker(self, queryset=AdminUnit.objects.filter(level="province"))
        self.fields["commune"].queryset = (
            AdminUnit.objects.communes()
            .within_scope_of(self.user)
            .order_by("-valid_from", "province__name", "name")
        )
        self.fields["category"].queryset = ContentCategory.objects.all()
        self.fields["plan"].queryset = Plan.objects.visible_to(self.user).select_related("province")
        self.fields["beneficiaries"].queryset = Facility.objects.visible_to(self.user)


class DocumentForm(forms.Form):
    """The dated document and note that go with a step."""

    number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    issued_on = forms.DateField(
        label=_("Document date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    issuing_body_name = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, transition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        if transition is not None and transition.document_required:
            self.fields["number"].required = True
            self.fields["issued_on"].required = True

    def document(self):
        data = self.cleaned_data
        if not data.get("number") and not data.get("issued_on"):
            return None
        return {k: data.get(k) for k in ("number", "issued_on", "issuing_body_name")}


class ApprovalForm(DocumentForm):
    """Approving a đề án or an adjustment: above a support cap, the approver records an exception."""

    cap_exception = forms.CharField(
        label=_("Legal basis of an exception to the support cap"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only when the support is above a cap in force: the document that allows it (number, date, "
            "issuer, article). Kept in the đề án's history."
        ),
    )


class ProvincialSupportCapForm(ScopedModelForm):
    """A province's own support level (HĐND resolution), for its local đề án."""

    class Meta:
        model = ProvincialSupportCap
        fields = [
            "province",
            "category",
            "content",
            "description",
            "max_share_percent",
            "max_amount_vnd",
            "per_beneficiary",
            "resolution_number",
            "resolution_date",
            "issuing_body",
            "article",
            "valid_from",
            "valid_to",
            "note",
        ]
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for name in ("resolution_date", "valid_from", "valid_to")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_province_picker(self, queryset=AdminUnit.objects.provinces().within_scope_of(self.user))
        self.fields["category"].queryset = ContentCategory.objects.all()


class StopRequestForm(DocumentForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AdjustmentForm(SearchableChoicesMixin, DocumentForm):
    """Proposed new values; empty fields keep the current version's value."""

    kinds = forms.MultipleChoiceField(
        label=_("What changes"), choices=AdjustmentKind, widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(label=_("New title"), required=False)
    objectives = forms.CharField(
        label=_("New objectives"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    state_support_vnd = forms.IntegerField(label=_("New state support (VND)"), required=False, min_value=0)
    counterpart_vnd = forms.IntegerField(
        label=_("New counterpart funding (VND)"), required=False, min_value=0
    )
    total_cost_vnd = forms.IntegerField(label=_("New total cost (VND)"), required=False, min_value=0)
    start_date = forms.DateField(
        label=_("New start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("New end"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    beneficiaries = forms.ModelMultipleChoiceField(
        label=_("New beneficiaries"), queryset=Facility.objects.none(), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beneficiaries"].queryset = Facility.objects.visible_to(user)
        self.use_search_selects()

    def changes(self):
        data = self.cleaned_data
        changes = {
            name: data[name]
            for name in (
                "title",
                "objectives",
                "state_support_vnd",
                "counterpart_vnd",
                "total_cost_vnd",
                "start_date",
                "end_date",
            )
            if data.get(name) not in (None, "")
        }
        if data.get("beneficiaries"):
            changes["beneficiary_ids"] = [f.pk for f in data["beneficiaries"]]
        return changes


class PaymentForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PaymentKind)

    class Meta:
        model = Payment
        fields = ["kind", "amount_vnd", "paid_on", "reference", "note"]
        widgets = {"paid_on": forms.DateInput(attrs={"type": "date"})}


class PlanForm(ScopedModelForm):
    """An annual plan with the decision that assigned it (number, date, issuing body as data)."""

    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    decision_date = forms.DateField(
        label=_("Decision date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    decision_issuer = forms.CharField(
        label=_("Issued by"), max_length=200, required=False, help_text=_("e.g. UBND tỉnh Lâm Đồng")
    )

    class Meta:
        model = Plan
        fields = ["programme", "level", "year", "province", "budget_vnd", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_province_picker(self, queryset=AdminUnit.objects.provinces().within_scope_of(self.user))
        decision = self.instance.decision if self.instance.pk else None
        if decision is not None:
            self.initial.update(
                decision_number=decision.number,
                decision_date=decision.issued_on,
                decision_issuer=decision.issuer,
            )

    def clean(self):
        cleaned = super().clean()
        programme, level, year = cleaned.get("programme"), cleaned.get("level"), cleaned.get("year")
        if programme and level and programme.level != level:
            self.add_error("programme", _("The programme must be of the plan's level."))
        if programme and year and not programme.start_year <= year <= programme.end_year:
            self.add_error("year", _("The year must fall within the programme's period."))
        if cleaned.get("decision_number") and not cleaned.get("decision_date"):
            self.add_error("decision_date", _("Give the date of the decision."))
        return cleaned
