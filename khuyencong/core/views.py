"""Generic views shared by every app: thin wrappers that go through the scoping layer."""

import os

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_GET
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from . import audit, filters, tables
from .scoping import OUT_OF_SCOPE_MESSAGE, OutOfScope, can_edit


class ScopedQuerysetMixin(LoginRequiredMixin):
    """Restrict `queryset` to what the user may view; detail lookups outside it are 404."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ScopedListView(ScopedQuerysetMixin, ListView):
    """List with an optional FilterSet (the same one the API uses) and its table (`core.tables.Table`),
    shown by the template as `{{ table }}`."""

    filterset_class = None
    table_class = None
    paginate_by = 50

    page_sizes = (25, 50, 100, 200)

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(
                self.request.GET or None, queryset=queryset, request=self.request
            )
            if self.filterset.is_bound and self.filterset.is_valid():
                queryset = self.filterset.qs
        order = tables.ordering(self.table_class, self.request.GET.get("sort"))
        if order:  # the chosen column first, the list's own order to break ties (exports keep it too)
            queryset = queryset.order_by(*order, *(queryset.query.order_by or ()), "pk")
        return queryset

    def get_select(self):
        """For a list with bulk actions: (form id, row → whether the user may choose it), else None."""
        return None

    def get_paginate_by(self, queryset):
        """`?per_page=` among `page_sizes`, else the view's own size."""
        value = self.request.GET.get("per_page", "")
        if self.paginate_by and value.isdigit() and int(value) in self.page_sizes:
            return int(value)
        return self.paginate_by

    def get_template_names(self):
        names = super().get_template_names()
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return [name.replace(".html", "_rows.html") for name in names] + names
        return names

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = getattr(self, "filterset", None)
        context["filterset"] = filters.dress(filterset, self.request.user) if filterset is not None else None
        params = self.request.GET.copy()
        params.pop("page", None)
        context["querystring"] = params.urlencode()
        sort = params.pop("sort", [""])[-1]
        if self.table_class is not None:
            context["table"] = self.table_class(
                context["object_list"], sort=sort, querystring=params.urlencode(), select=self.get_select()
            )
        if self.paginate_by:
            context["page_sizes"] = self.page_sizes
            context["page_size"] = self.get_paginate_by(None)
            sized = params.copy()
            sized.pop("per_page", None)
            if sort:
                sized["sort"] = sort
            context["querystring_size"] = sized.urlencode()
        for tag in getattr(filterset, "tags", ()):
            rest = self.request.GET.copy()
            for name in (tag["name"], "page"):
                rest.pop(name, None)
            tag["remove"] = rest.urlencode()
        return context


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    pass


class HistoryView(ScopedQuerysetMixin, DetailView):
    """The "History" tab of any audited, scoped model: who changed what, and when."""

    template_name = "core/history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not hasattr(self.object, "history"):
            raise Http404
        context["entries"] = audit.history_for(self.object)
        return context


class ScopedFormMixin(LoginRequiredMixin):
    """Create/edit through the scoping layer.

    The form gets the user (so `core.forms.ScopedModelForm` limits its choice lists); the save runs in
    one transaction under `acting_as(user)` and is rolled back when the saved object falls outside
    `editable_by(user)`, so nobody can move a record out of (or into) a scope they do not hold.
    """

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if getattr(form.instance, "pk", None) and hasattr(form.instance, "history"):
            audit.add_version_field(form)
        return form

    def form_valid(self, form):
        try:
            with transaction.atomic(), audit.acting_as(self.request.user):
                audit.check_version(form)
                self.object = self.save_form(form)
                if not can_edit(self.request.user, self.object):
                    raise OutOfScope
        except OutOfScope:
            form.add_error(None, OUT_OF_SCOPE_MESSAGE)
            return self.form_invalid(form)
        except audit.EditConflict as conflict:
            form.add_error(None, conflict.message())
            audit.add_version_field(form, refresh=True)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(self.get_success_url())

    def save_form(self, form):
        """Hook for views that save through a service function; returns the saved object."""
        return form.save()

    def get_context_data(self, **kwargs):
        return super().get_context_data(model_name=self.model._meta.verbose_name, **kwargs)


class ScopedCreateView(ScopedFormMixin, CreateView):
    template_name = "core/object_form.html"


class ScopedUpdateView(ScopedFormMixin, UpdateView):
    template_name = "core/object_form.html"

    def get_queryset(self):
        return super().get_queryset().editable_by(self.request.user)


class ProtectedFileView(LoginRequiredMixin, View):
    """Serve a file field of a record only to users who may see the record (uploads are never public)."""

    def get(self, request, app_label, model_name, pk, field):
        try:
            model = apps.get_model(app_label, model_name)
            file_field = model._meta.get_field(field)
        except (LookupError, FieldDoesNotExist) as exc:
            raise Http404 from exc
        if not isinstance(file_field, models.FileField) or not hasattr(model._default_manager, "visible_to"):
            raise Http404
        obj = get_object_or_404(model._default_manager.visible_to(request.user), pk=pk)
        stored = getattr(obj, field)
        if not stored:
            raise Http404
        try:
            handle = stored.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return FileResponse(handle, filename=os.path.basename(stored.name))


@login_required
@require_GET
def lookup(request, form_key, field_name):
    """The options of a long choice list matching `q` (core/widgets.py): the chosen records first, then
    up to LOOKUP_RESULTS matches, drawn from the same form's same field for this user, so in their scope."""
    from django.shortcuts import render

    from .forms import SEARCHABLE_FORMS
    from .widgets import LOOKUP_RESULTS, chosen_ids, search_records, searchable

    form_class = SEARCHABLE_FORMS.get(form_key)
    field = form_class(user=request.user).fields.get(field_name) if form_class else None
    if not isinstance(field, forms.ModelChoiceField) or not searchable(field.queryset.model):
        raise Http404
    queryset = field.queryset
    model = queryset.model
    if hasattr(model.objects, "visible_to"):  # whatever the form's queryset, never beyond the user's scope
        queryset = queryset.filter(pk__in=model.objects.visible_to(request.user).values("pk"))
    ids = chosen_ids(request.GET.getlist(request.GET.get("name") or field_name))
    chosen = list(queryset.filter(pk__in=ids)) if ids else []
    found = list(search_records(queryset, request.GET.get("q", "")).exclude(pk__in=ids)[: LOOKUP_RESULTS + 1])
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    options = [(field.prepare_value(obj), field.label_from_instance(obj), True) for obj in chosen]
    options += [
        (field.prepare_value(obj), field.label_from_instance(obj), False) for obj in found[:LOOKUP_RESULTS]
    ]
    return render(
        request,
        "core/widgets/lookup_options.html",
        {
            "options": options,
            "empty_label": None if multiple else field.empty_label,
            "more": len(found) > LOOKUP_RESULTS,
            "searched": bool(request.GET.get("q", "").strip()),
            "nothing": not found and not chosen,
        },
    )
