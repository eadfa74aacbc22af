"""Pages of the register: thin views over the scoping layer and the services."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView

from khuyencong.core import audit
from khuyencong.core.deletion import DELETE_BLOCKERS, still_referenced_message
from khuyencong.core.exports import ExportMixin
from khuyencong.core.scoping import OUT_OF_SCOPE_MESSAGE, OutOfScope, can_edit
from khuyencong.core.views import (
    HistoryView,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)

from . import services
from .choices import Direction
from .filtersets import CorrespondenceFilterSet
from .forms import CorrespondenceForm, LinkForm
from .models import LINK_FIELDS, Correspondence, CorrespondenceLink
from .tables import CorrespondenceTable

MAX_CHAIN = 20
# Filters shown in the list's form; the "concerning a record" ones come from links on record pages.
MAIN_FILTERS = (
    "q",
    "direction",
    "kind",
    "date_from",
    "date_to",
    "reply",
)  # replies followed up and down the chain on a detail page


def recipients_text(entry):
    names = [str(org) for org in entry.recipients.all()]
    names += [line.strip() for line in entry.recipient_names.splitlines() if line.strip()]
    return "; ".join(names)


class CorrespondenceListView(ExportMixin, ScopedListView):
    model = Correspondence
    filterset_class = CorrespondenceFilterSet
    queryset = Correspondence.objects.for_list().prefetch_related("recipients").order_by("-dated", "-pk")
    template_name = "correspondence/correspondence_list.html"
    table_class = CorrespondenceTable
    export_name = "so-van-ban"
    export_columns = [
        (_("Direction"), "get_direction_display"),
        (_("Type"), "get_kind_display"),
        (_("Number and symbol"), "ref_number"),
        (_("Date"), "ref_date"),
        (_("Issuing body"), "ref_issuer"),
        (_("Receiving bodies"), recipients_text),
        (_("Summary"), "subject"),
        (_("Signed by"), "ref_signer"),
        (_("Date received"), "received_on"),
        (_("Reply by"), "reply_by"),
        (_("Answered"), "answered"),
        (_("Province"), "province__name"),
    ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(main_filters=MAIN_FILTERS, **kwargs)


class CorrespondenceDetailView(ScopedDetailView):
    """The document, everything it concerns (links), and its reply chain."""

    model = Correspondence
    template_name = "correspondence/correspondence_detail.html"

    def get_queryset(self):
        return (
            super().get_queryset().for_list().prefetch_related("recipients").with_edit_flag(self.request.user)
        )

    def get_context_data(self, **kwargs):
        entry, user = self.object, self.request.user
        links = list(entry.links.select_related(*LINK_FIELDS, "cluster_decision__cluster").order_by("pk"))
        visible = visible_targets(links, user)
        visible_entries = Correspondence.objects.visible_to(user)
        chain = []
        parent_id = entry.in_reply_to_id
        while parent_id and len(chain) < MAX_CHAIN:
            parent = visible_entries.for_list().filter(pk=parent_id).first()
            if parent is None:
                break
            chain.insert(0, parent)
            parent_id = parent.in_reply_to_id
        replies = list(visible_entries.for_list().filter(in_reply_to=entry).order_by("dated", "pk"))
        editable = entry.user_can_edit
        return super().get_context_data(
            links=[(link, visible.get(link.pk, False)) for link in links],
            chain=chain,
            replies=replies,
            can_edit=editable,
            can_reply=editable and entry.direction == Direction.INCOMING,
            overdue=entry.reply_overdue(answered=bool(replies) or entry.answered),
            entries=audit.history_for(entry, limit=50),
            **kwargs,
        )


def visible_targets(links, user):
    """{link pk: may the user see what it points at} — one query per kind of record linked."""
    by_field = {}
    for link in links:
        by_field.setdefault(link.target_field, []).append(link)
    result = {}
    for name, group in by_field.items():
        if name is None:
            continue
        model = CorrespondenceLink._meta.get_field(name).related_model
        ids = {getattr(link, f"{name}_id") for link in group}
        seen = set(model.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
        result.update({link.pk: getattr(link, f"{name}_id") in seen for link in group})
    return result


class CorrespondenceFormMixin:
    model = Correspondence
    form_class = CorrespondenceForm

    def save_form(self, form):
        return services.save_entry(form.instance, recipients=form.cleaned_data.get("recipients"))

    def get_success_url(self):
        return self.object.get_absolute_url()


class CorrespondenceCreateView(CorrespondenceFormMixin, ScopedCreateView):
    """A new entry; `?reply_to=<id>` starts the outgoing answer to an incoming document."""

    def get_initial(self):
        initial = super().get_initial()
        assignment = (
            self.request.user.role_assignments.active().filter(province__isnull=False).order_by("pk").first()
        )
        if assignment is not None:
            initial["province"] = assignment.province_id
        reply_to = self.request.GET.get("reply_to", "")
        if reply_to.isdigit():
            original = (
                Correspondence.objects.visible_to(self.request.user)
                .filter(pk=int(reply_to), direction=Direction.INCOMING)
                .first()
            )
            if original is not None:
                initial.update(
                    direction=Direction.OUTGOING,
                    in_reply_to=original.pk,
                    province=original.province_id,
                    recipients=[original.source.issuing_body_id] if original.source.issuing_body_id else [],
                    recipient_names="" if original.source.issuing_body_id else original.ref_issuer,
                )
        return initial


class CorrespondenceUpdateView(CorrespondenceFormMixin, ScopedUpdateView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.object.get_absolute_url(), **kwargs)


class CorrespondenceHistoryView(HistoryView):
    model = Correspondence

    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=self.object.get_absolute_url(), **kwargs)


class LinkCreateView(LoginRequiredMixin, FormView):
    """Link a document the user may edit to a record it concerns."""

    model = Correspondence
    form_class = LinkForm
    template_name = "core/object_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.entry = get_object_or_404(Correspondence.objects.editable_by(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "correspondence": self.entry}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.entry,
            model_name=CorrespondenceLink._meta.verbose_name,
            cancel_url=self.entry.get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form):
        name = next(name for name in LINK_FIELDS if form.cleaned_data.get(name))
        try:
            with transaction.atomic():
                link = services.add_link(
                    self.entry,
                    actor=self.request.user,
                    note=form.cleaned_data.get("note", ""),
                    **{name: form.cleaned_data[name]},
                )
                if not can_edit(self.request.user, link):
                    raise OutOfScope
        except OutOfScope:
            form.add_error(None, OUT_OF_SCOPE_MESSAGE)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.entry.get_absolute_url())


class LinkDeleteView(LoginRequiredMixin, View):
    """POST removes a link (the document and the record stay); GET goes back to the document."""

    model = CorrespondenceLink

    def get_link(self, request, pk):
        return get_object_or_404(CorrespondenceLink.objects.editable_by(request.user), pk=pk)

    def get(self, request, pk):
        return HttpResponseRedirect(self.get_link(request, pk).correspondence.get_absolute_url())

    def post(self, request, pk):
        link = self.get_link(request, pk)
        entry = link.correspondence
        try:
            services.remove_link(link, actor=request.user)
        except DELETE_BLOCKERS as exc:
            messages.error(request, still_referenced_message(link, exc))
            return redirect(entry.get_absolute_url())
        messages.success(request, _("Link removed."))
        return redirect(entry.get_absolute_url())
