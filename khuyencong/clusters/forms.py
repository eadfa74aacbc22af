"""Forms of the clusters app. Rule breaches are warnings shown after saving, never form errors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import Organisation
from khuyencong.core.forms import ScopedModelForm
from khuyencong.core.scoping import access_scope
from khuyencong.geography.models import AdminUnit
from khuyencong.geography.pickers import use_province_picker

from .choices import AREA_SETTING_KINDS, INVESTOR_ORGANISATION_KINDS, DecisionKind
from .models import Cluster, ClusterDecision, InfrastructureItem, LandRecord, TenantProject, TenantReport

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def investors(queryset):
    return queryset.filter(kind__in=INVESTOR_ORGANISATION_KINDS).order_by("name")


class ClusterForm(ScopedModelForm):
    communes = forms.ModelMultipleChoiceField(
        label=_("Communes"),
        queryset=AdminUnit.objects.filter(level="commune"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("The communes at the time the cluster was planned"),
    )
    investor_since = forms.DateField(
        label=_("Investor since"),
        required=False,
        widget=DATE,
        help_text=_("When the investor changes: the date the new investor took over"),
    )

    class Meta:
        model = Cluster
        fields = [
            "code",
            "name",
            "province",
            "communes",
            "kind",
            "in_mountainous_area",
            "is_legacy",
            "planned_area_ha",
            "main_industries",
            "latitude",
            "longitude",
            "boundary",
            "investor",
            "investor_since",
            "status_override",
            "status_override_reason",
            "is_published",
            "note",
        ]
        widgets = {
            "main_industries": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_province_picker(self, queryset=AdminUnit.objects.filter(level="province"))
        self.fields["investor"].queryset = investors(self.fields["investor"].queryset)
        province = self.data.get("province") or (self.instance.province_id if self.instance.pk else None)
        communes = AdminUnit.objects.filter(level="commune").select_related("parent").order_by("name")
        if str(province or "").isdigit():
            communes = communes.filter(province_id=province)
        elif not self.is_bound:
            # Before a province is chosen, offer the communes of the provinces the user covers.
            provinces = set().union(*(grant.provinces for grant in access_scope(self.user).grants))
            communes = communes.filter(province_id__in=provinces)
        self.fields["communes"].queryset = communes
        self.fields["communes"].label_from_instance = lambda unit: (
            f"{unit.full_name}, {unit.parent.name}" if unit.parent_id else unit.full_name
        )
        if self.instance.pk:
            self.fields["communes"].initial = list(self.instance.communes.values_list("pk", flat=True))

    def clean(self):
        cleaned = super().clean()
        boundary = cleaned.get("boundary")
        if boundary and (not isinstance(boundary, dict) or "type" not in boundary):
            self.add_error("boundary", _("The boundary must be a GeoJSON object with a type."))
        return cleaned


class DecisionForm(ScopedModelForm):
    class Meta:
        model = ClusterDecision
        fields = [
            "kind",
            "number",
            "issued_on",
            "issuing_body",
            "issuing_body_name",
            "signer",
            "area_ha",
            "investor",
            "attachment",
            "note",
        ]
        widgets = {"issued_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, cluster=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cluster = cluster or self.instance.cluster
        self.instance.cluster = self.cluster
        self.fields["investor"].queryset = investors(self.fields["investor"].queryset)
        self.fields["issuing_body"].queryset = Organisation.objects.exclude(
            kind__in=["enterprise", "foreign_enterprise", "cooperative"]
        ).order_by("name")
        self.fields["issuing_body"].queryset = self.fields["issuing_body"].queryset.visible_to(self.user)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("issuing_body") and not cleaned.get("issuing_body_name"):
            self.add_error("issuing_body_name", _("Give the issuing body, from the register or by name."))
        if cleaned.get("kind") in AREA_SETTING_KINDS and cleaned.get("area_ha") is None:
            self.add_error("area_ha", _("This kind of decision states the cluster's area."))
        if cleaned.get("kind") == DecisionKind.INVESTOR_SELECTION and not cleaned.get("investor"):
            self.add_error("investor", _("An investor selection names the investor."))
        return cleaned


class InvestorForm(forms.Form):
    investor = forms.ModelChoiceField(
        label=_("Infrastructure investor"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Leave empty when the cluster has no investor"),
    )
    since = forms.DateField(label=_("Since"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investor"].queryset = investors(Organisation.objects.visible_to(user))


class ClusterChildForm(ScopedModelForm):
    """A form for a record that belongs to one cluster (land, infrastructure, tenant)."""

    parent_field = "cluster"

    def __init__(self, *args, cluster=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cluster is not None:
            setattr(self.instance, self.parent_field, cluster)

    def _get_validation_exclusions(self):
        # The parent is set by the view, not typed: validate the constraints that involve it too.
        exclude = super()._get_validation_exclusions()
        exclude.discard(self.parent_field)
        return exclude


class LandRecordForm(ClusterChildForm):
    class Meta:
        model = LandRecord
        fields = ["period_end", "total_area_ha", "industrial_land_ha", "leased_ha", "note"]
        widgets = {"period_end": DATE}


class InfrastructureForm(ClusterChildForm):
    class Meta:
        model = InfrastructureItem
        fields = ["kind", "state", "capacity", "capacity_unit", "in_service_on", "note"]
        widgets = {"in_service_on": DATE}


class TenantForm(ClusterChildForm):
    class Meta:
        model = TenantProject
        fields = [
            "name",
            "investor",
            "investor_name",
            "industry",
            "leased_area_ha",
            "registered_capital_vnd",
            "realised_capital_vnd",
            "workers",
            "status",
            "registered_on",
        ]
        widgets = {"registered_on": DATE}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("investor") and not cleaned.get("investor_name"):
            self.add_error("investor_name", _("Give the investor, from the register or by name."))
        registered, realised = cleaned.get("registered_capital_vnd"), cleaned.get("realised_capital_vnd")
        if registered is not None and realised is not None and realised > registered:
            self.add_error(
                "realised_capital_vnd", _("Realised capital cannot exceed the registered capital.")
            )
        return cleaned


class TenantReportForm(ClusterChildForm):
    parent_field = "tenant"

    class Meta:
        model = TenantReport
        fields = [
            "period",
            "period_end",
            "realised_capital_vnd",
            "workers",
            "revenue_vnd",
            "budget_contribution_vnd",
            "status",
            "note",
        ]
        widgets = {"period_end": DATE}
