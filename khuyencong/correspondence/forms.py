"""Forms of the register. Choice lists go through the scoping layer (core.forms.ScopedModelForm)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.core.forms import ScopedModelForm
from khuyencong.geography.models import AdminUnit

from .choices import Direction
from .models import LINK_FIELDS, OWN_DOCUMENT_FIELDS, Correspondence, CorrespondenceLink

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def province_ids(province_id):
    """The province and every unit it absorbed (a Lâm Đồng entry may concern a former Đắk Nông record)."""
    if not province_id:
        return None
    return AdminUnit(pk=province_id).all_predecessor_ids()


class CorrespondenceForm(ScopedModelForm):
    """A register entry. For an entry mirroring a decision of another app, the number, date, issuer,
    signer and file are not in the form: they are edited on the decision itself."""

    class Meta:
        model = Correspondence
        fields = [
            "direction",
            "kind",
            "number",
            "issued_on",
            "issuing_body",
            "issuing_body_name",
            "signer",
            "recipients",
            "recipient_names",
            "summary",
            "body",
            "received_on",
            "reply_by",
            "in_reply_to",
            "province",
            "attachment",
            "note",
        ]
        widgets = {
            "issued_on": DATE,
            "received_on": DATE,
            "reply_by": DATE,
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 6}),
            "recipient_names": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.SelectMultiple(attrs={"size": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_mirror:
            # Read through to the decision; the scope follows the decision's cluster or document.
            for name in (*OWN_DOCUMENT_FIELDS, "province"):
                self.fields.pop(name, None)
        else:
            self.fields["number"].required = True
            self.fields["issued_on"].required = True
            self.fields["province"].required = True
            self.fields["province"].queryset = AdminUnit.objects.filter(level="province").order_by(
                "-scheme", "code"
            )
        organisations = self.fields["recipients"].queryset.order_by("name")
        self.fields["recipients"].queryset = organisations
        if "issuing_body" in self.fields:
            self.fields["issuing_body"].queryset = organisations
        replies_to = self.fields["in_reply_to"].queryset.filter(direction=Direction.INCOMING)
        if self.instance.pk:
            replies_to = replies_to.exclude(pk=self.instance.pk)
        self.fields["in_reply_to"].queryset = replies_to.with_dates().order_by("-dated", "-pk")

    def clean(self):
        cleaned = super().clean()
        direction = cleaned.get("direction")
        if (
            "issuing_body" in self.fields
            and not cleaned.get("issuing_body")
            and not cleaned.get("issuing_body_name")
        ):
            self.add_error("issuing_body_name", _("Give the issuing body, from the register or by name."))
        if cleaned.get("in_reply_to") and direction != Direction.OUTGOING:
            self.add_error("in_reply_to", _("Only an outgoing document answers another one."))
        if cleaned.get("reply_by") and direction != Direction.INCOMING:
            self.add_error("reply_by", _("Only an incoming document has a reply-by date."))
        if cleaned.get("received_on") and direction != Direction.INCOMING:
            self.add_error("received_on", _("Only an incoming document has a date received."))
        return cleaned


class LinkForm(ScopedModelForm):
    """Link a document to one record it concerns; choices are what the user may see, narrowed to the
    document's province (with the units it absorbed)."""

    class Meta:
        model = CorrespondenceLink
        fields = [*LINK_FIELDS, "note"]

    def __init__(self, *args, correspondence=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.correspondence = correspondence
        ids = province_ids(correspondence.province_id) if correspondence else None
        paths = {
            "cluster": "province_id",
            "cluster_decision": "cluster__province_id",
            "project": "province_id",
            "programme_document": "province_id",
            "inspection": "province_id",
            "recommendation": "province_id",
            "submission": "province_id",
        }
        for name in LINK_FIELDS:
            field = self.fields[name]
            if ids is not None:
                field.queryset = field.queryset.filter(**{f"{paths[name]}__in": ids})
            if name == "cluster_decision":
                field.queryset = field.queryset.select_related("cluster")
                field.label_from_instance = lambda d: f"{d.cluster}: {d}"

    def clean(self):
        cleaned = super().clean()
        chosen = [name for name in LINK_FIELDS if cleaned.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError(_("Choose exactly one record the document concerns."))
        target = {chosen[0]: cleaned[chosen[0]]}
        if CorrespondenceLink.objects.filter(correspondence=self.instance.correspondence, **target).exists():
            raise forms.ValidationError(_("The document is already linked to this record."))
        return cleaned
