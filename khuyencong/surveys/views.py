"""Thin views of the field network: coverage, collaborators, assignments, the response review desk and
the offline survey screen for phones. Every list and object goes through the scoping layer; every step
through `services`."""

import json
from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View
from django.views.generic import TemplateView

from khuyencong.core import audit
from khuyencong.core.exports import ExportMixin
from khuyencong.core.scoping import COLLABORATOR, access_scope, can_edit
from khuyencong.core.views import (
    HistoryView,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from khuyencong.facilities.models import Facility
from khuyencong.facilities.services import DuplicateFacility, find_duplicates
from khuyencong.geography.models import AdminUnit

from . import services
from .choices import AssignmentStatus, ResponseStatus
from .filtersets import AssignmentFilterSet, CollaboratorFilterSet, ResponseFilterSet
from .forms import (
    AssignmentForm,
    CollaboratorForm,
    CommuneAssignmentForm,
    DraftProjectForm,
    MergeForm,
    ReviewForm,
    provinces_for,
)
from .models import Collaborator, CollaboratorCommune, SurveyAssignment, SurveyForm, SurveyResponse


class PostOnlyView(LoginRequiredMixin, View):
    """A step taken by POST on one record; there is no page to GET (404, like a record out of scope)."""

    def get(self, request, *args, **kwargs):
        raise Http404


def is_collaborator_only(user):
    scope = access_scope(user)
    return not scope.superuser and scope.roles() == {COLLABORATOR}


# --- home and coverage ---------------------------------------------------------------------------


class SurveyHomeView(LoginRequiredMixin, TemplateView):
    """Coverage per province: communes with and without a collaborator, establishments per collaborator,
    last survey per commune. Collaborators land on their own assignments."""

    template_name = "surveys/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        if is_collaborator_only(user):
            context["my_assignments"] = (
                SurveyAssignment.objects.visible_to(user)
                .owned_by(user)
                .select_related("commune", "form")
                .filter(status=AssignmentStatus.ASSIGNED)
            )
            context["my_responses"] = SurveyResponse.objects.visible_to(user).select_related(
                "form", "facility"
            )[:20]
            return context
        provinces = list(provinces_for(user).valid_on())
        context["provinces"] = provinces
        chosen = None
        wanted = self.request.GET.get("province", "")
        if wanted.isdigit():
            chosen = next((p for p in provinces if p.pk == int(wanted)), None)
        if chosen is None and provinces:
            chosen = provinces[0] if len(provinces) < 5 else None
        if chosen is not None:
            context["coverage"] = services.coverage(chosen, user=user)
        context["chosen"] = chosen
        context["open_responses"] = SurveyResponse.objects.visible_to(user).open().count()
        context["overdue_assignments"] = SurveyAssignment.objects.visible_to(user).overdue().count()
        return context


# --- collaborators -------------------------------------------------------------------------------


class CollaboratorListView(ExportMixin, ScopedListView):
    model = Collaborator
    filterset_class = CollaboratorFilterSet
    template_name = "surveys/collaborator_list.html"
    queryset = Collaborator.objects.select_related("province", "organisation", "user").order_by(
        "full_name", "id"
    )
    export_name = "cong-tac-vien-khuyen-cong"
    export_columns = [
        (_l("Full name"), "full_name"),
        (_l("Province"), "province__name"),
        (_l("Organisation"), "organisation__name"),
        (_l("Phone"), "phone"),
        (_l("Email"), "email"),
        (_l("Active from"), "active_from"),
        (_l("Active until"), "active_to"),
        (_l("Communes today"), lambda c: ", ".join(str(r.commune.name) for r in c.communes_on())),
    ]


class CollaboratorDetailView(ScopedDetailView):
    model = Collaborator
    template_name = "surveys/collaborator_detail.html"
    queryset = Collaborator.objects.select_related("province", "organisation", "user")

    def get_context_data(self, **kwargs):
        collaborator, user = self.object, self.request.user
        editable = can_edit(user, collaborator)
        return super().get_context_data(
            communes=collaborator.commune_assignments.select_related("commune", "district").order_by(
                "valid_to", "-valid_from"
            ),
            assignments=collaborator.assignments.visible_to(user).select_related("commune", "form")[:50],
            responses=collaborator.responses.visible_to(user).select_related("form", "facility")[:50],
            can_edit=editable,
            commune_form=CommuneAssignmentForm(collaborator=collaborator) if editable else None,
            today=date.today(),
            entries=audit.history_for(collaborator, limit=20),
            **kwargs,
        )


class CollaboratorSaveMixin:
    model = Collaborator
    form_class = CollaboratorForm

    def save_form(self, form):
        return services.save_collaborator(form, actor=self.request.user)

    def get_success_url(self):
        return reverse("surveys:collaborator-detail", args=[self.object.pk])


class CollaboratorCreateView(CollaboratorSaveMixin, ScopedCreateView):
    pass


class CollaboratorUpdateView(CollaboratorSaveMixin, ScopedUpdateView):
    pass


class CollaboratorHistoryView(HistoryView):
    model = Collaborator

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            back_url=reverse("surveys:collaborator-detail", args=[self.object.pk]), **kwargs
        )


class CommuneAddView(PostOnlyView):
    """POST: give the collaborator one more commune from a date."""

    model = Collaborator

    def post(self, request, pk):
        collaborator = get_object_or_404(Collaborator.objects.editable_by(request.user), pk=pk)
        form = CommuneAssignmentForm(request.POST, collaborator=collaborator)
        if form.is_valid():
            try:
                services.assign_commune(
                    collaborator,
                    form.cleaned_data["commune"],
                    actor=request.user,
                    valid_from=form.cleaned_data["valid_from"],
                )
                messages.success(request, _("Commune assigned."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, _("Pick a commune of the collaborator's province."))
        return HttpResponseRedirect(reverse("surveys:collaborator-detail", args=[collaborator.pk]))


class CommuneEndView(PostOnlyView):
    """POST: end a commune assignment today (it stays listed with its dates)."""

    model = CollaboratorCommune

    def post(self, request, pk):
        row = get_object_or_404(CollaboratorCommune.objects.editable_by(request.user), pk=pk)
        services.end_commune(row, actor=request.user)
        messages.success(request, _("Commune assignment ended."))
        return HttpResponseRedirect(reverse("surveys:collaborator-detail", args=[row.collaborator_id]))


# --- assignments ---------------------------------------------------------------------------------


class AssignmentListView(ExportMixin, ScopedListView):
    """Survey assignments; a collaborator sees "my assignments"."""

    model = SurveyAssignment
    filterset_class = AssignmentFilterSet
    template_name = "surveys/assignment_list.html"
    queryset = SurveyAssignment.objects.select_related(
        "collaborator", "commune", "form", "province"
    ).order_by("due_date", "id")
    export_name = "giao-viec-khao-sat"
    export_columns = [
        (_l("Collaborator"), "collaborator__full_name"),
        (_l("Purpose"), "get_purpose_display"),
        (_l("Commune"), "commune__name"),
        (_l("Establishments"), "facilities"),
        (_l("Due date"), "due_date"),
        (_l("Status"), "get_status_display"),
    ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            mine=is_collaborator_only(self.request.user), today=date.today(), **kwargs
        )


class AssignmentDetailView(ScopedDetailView):
    model = SurveyAssignment
    template_name = "surveys/assignment_detail.html"
    queryset = SurveyAssignment.objects.select_related("collaborator", "commune", "form", "assigned_by")

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            facilities=self.object.facilities.visible_to(user).select_related("commune"),
            responses=self.object.responses.visible_to(user).select_related("form", "facility"),
            can_edit=can_edit(user, self.object),
            **kwargs,
        )


class AssignmentSaveMixin:
    model = SurveyAssignment
    form_class = AssignmentForm

    def get_success_url(self):
        return reverse("surveys:assignment-detail", args=[self.object.pk])


class AssignmentCreateView(AssignmentSaveMixin, ScopedCreateView):
    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("collaborator", "").isdigit():
            initial["collaborator"] = int(self.request.GET["collaborator"])
        return initial

    def save_form(self, form):
        data = {
            k: v for k, v in form.cleaned_data.items() if k not in ("facilities", "collaborator", "status")
        }
        return services.create_assignment(
            actor=self.request.user,
            collaborator=form.cleaned_data["collaborator"],
            facilities=form.cleaned_data["facilities"],
            **data,
        )


class AssignmentUpdateView(AssignmentSaveMixin, ScopedUpdateView):
    pass


class AssignmentHistoryView(HistoryView):
    model = SurveyAssignment

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            back_url=reverse("surveys:assignment-detail", args=[self.object.pk]), **kwargs
        )


# --- responses: the review desk ------------------------------------------------------------------


class ResponseListView(ExportMixin, ScopedListView):
    model = SurveyResponse
    filterset_class = ResponseFilterSet
    template_name = "surveys/response_list.html"
    queryset = SurveyResponse.objects.select_related("form", "facility", "commune", "collaborator", "project")
    export_name = "phieu-khao-sat"
    export_columns = [
        (_l("Filled at"), "captured_at"),
        (_l("Form"), "form__title"),
        (_l("Establishment"), lambda r: str(r.facility or r.answers.get("facility_name", ""))),
        (_l("Commune"), "commune__name"),
        (_l("Collaborator"), "collaborator__full_name"),
        (_l("Status"), "get_status_display"),
        (_l("Latitude"), "latitude"),
        (_l("Longitude"), "longitude"),
    ]


class ResponseDetailView(ScopedDetailView):
    """The review page: answers, photos, position; approve, merge into the registry (with the duplicate
    check), resolve a conflict, draft a đề án."""

    model = SurveyResponse
    template_name = "surveys/response_detail.html"
    queryset = SurveyResponse.objects.select_related(
        "form", "facility", "commune", "province", "collaborator", "assignment", "project", "reviewed_by"
    )

    def get_context_data(self, **kwargs):
        response, user = self.object, self.request.user
        editable = can_edit(user, response)
        context = {
            "answers": response.display_answers(get_language() or "vi"),
            "photos": response.photos.all(),
            "can_edit": editable,
            "entries": audit.history_for(response, limit=20),
        }
        if editable:
            values = response.facility_values
            if response.facility_id is None and response.status in (
                ResponseStatus.RECEIVED,
                ResponseStatus.REVIEWED,
            ):
                candidates = find_duplicates(values.get("name"), response.commune).visible_to(user)
                context["duplicates"] = candidates
                context["merge_form"] = kwargs.pop("merge_form", None) or MergeForm(candidates=candidates)
            if response.status == ResponseStatus.CONFLICT:
                context["conflict_rows"] = services.conflict_rows(response)
            if response.status == ResponseStatus.MERGED and not response.project_id:
                context["project_form"] = kwargs.pop("project_form", None) or DraftProjectForm(
                    initial={"plan_year": date.today().year + 1}
                )
            context["review_form"] = ReviewForm()
        return super().get_context_data(**context, **kwargs)


class ResponseActionView(PostOnlyView):
    """POST-only steps on one response; the response must be editable by the user (else 404)."""

    model = SurveyResponse

    def get_response(self, request, pk):
        return get_object_or_404(SurveyResponse.objects.editable_by(request.user), pk=pk)

    def done(self, response):
        return HttpResponseRedirect(reverse("surveys:response-detail", args=[response.pk]))

    def refused(self, request, response, exc):
        messages.error(request, " ".join(exc.messages))
        return self.done(response)


class ResponseReviewView(ResponseActionView):
    def post(self, request, pk):
        response = self.get_response(request, pk)
        form = ReviewForm(request.POST)
        form.is_valid()
        try:
            services.mark_reviewed(response, actor=request.user, note=form.cleaned_data.get("note", ""))
        except ValidationError as exc:
            return self.refused(request, response, exc)
        messages.success(request, _("Marked as reviewed."))
        return self.done(response)


class ResponseMergeView(ResponseActionView):
    def post(self, request, pk):
        response = self.get_response(request, pk)
        candidates = find_duplicates(response.facility_values.get("name"), response.commune).visible_to(
            request.user
        )
        form = MergeForm(request.POST, candidates=candidates)
        if not form.is_valid():
            messages.error(request, _("Pick an establishment from the list."))
            return self.done(response)
        try:
            services.merge_into_registry(
                response,
                actor=request.user,
                link_to=form.cleaned_data["link_to"],
                allow_duplicate=form.cleaned_data["allow_duplicate"],
            )
        except DuplicateFacility as exc:
            messages.warning(
                request,
                _("%(error)s Link the response to it, or register anyway if it is a different one.")
                % {"error": " ".join(exc.messages)},
            )
            return self.done(response)
        except ValidationError as exc:
            return self.refused(request, response, exc)
        response.refresh_from_db()
        if response.status == ResponseStatus.CONFLICT:
            messages.warning(
                request, _("The establishment was changed after the survey: resolve the conflict.")
            )
        else:
            messages.success(request, _("Merged into the registry."))
        return self.done(response)


class ResponseResolveView(ResponseActionView):
    def post(self, request, pk):
        response = self.get_response(request, pk)
        choices = {
            key.removeprefix("pick_"): value
            for key, value in request.POST.items()
            if key.startswith("pick_") and value in ("survey", "registry")
        }
        try:
            services.resolve_conflict(response, actor=request.user, choices=choices)
        except ValidationError as exc:
            return self.refused(request, response, exc)
        messages.success(request, _("Conflict resolved; the registry holds the values you picked."))
        return self.done(response)


class ResponseDraftProjectView(ResponseActionView):
    def post(self, request, pk):
        response = self.get_response(request, pk)
        form = DraftProjectForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the plan year of the đề án."))
            return self.done(response)
        try:
            project = services.draft_project(response, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            return self.refused(request, response, exc)
        messages.success(request, _("Draft đề án %(code)s created from the survey.") % {"code": project.code})
        return HttpResponseRedirect(reverse("programs:project-detail", args=[project.pk]))


class ResponseHistoryView(HistoryView):
    model = SurveyResponse

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            back_url=reverse("surveys:response-detail", args=[self.object.pk]), **kwargs
        )


class FormListView(ScopedListView):
    model = SurveyForm
    template_name = "surveys/form_list.html"
    queryset = SurveyForm.objects.order_by("code", "-version")


class FormDetailView(ScopedDetailView):
    model = SurveyForm
    template_name = "surveys/form_detail.html"


# --- the offline survey screen -------------------------------------------------------------------

MAX_FACILITIES_OFFLINE = 1000


def collect_data(user):
    """What the phone needs to work with no signal: forms, own open assignments, establishments and
    communes it may survey (with the registry version it is based on)."""
    forms = [
        {"id": f.pk, "title": f.title, "version": f.version, "purpose": f.purpose, "fields": f.fields}
        for f in SurveyForm.objects.visible_to(user).filter(is_active=True).order_by("code", "-version")
    ]
    assignments = SurveyAssignment.objects.visible_to(user).filter(status=AssignmentStatus.ASSIGNED)
    if is_collaborator_only(user):
        assignments = assignments.owned_by(user)
    assignments = (
        assignments.select_related("commune").prefetch_related("facilities").order_by("due_date")[:200]
    )
    facilities = list(
        Facility.objects.visible_to(user)
        .select_related("commune")
        .order_by("name", "id")[:MAX_FACILITIES_OFFLINE]
    )
    versions = _latest_versions(facilities)
    scope = access_scope(user)
    commune_ids = set()
    for grant in scope.grants:
        commune_ids |= grant.communes
    communes = AdminUnit.objects.communes().filter(pk__in=commune_ids, valid_to__isnull=True).order_by("name")
    return {
        "forms": forms,
        "assignments": [
            {
                "id": a.pk,
                "label": str(a),
                "form": a.form_id,
                "purpose": a.purpose,
                "commune": a.commune_id,
                "facilities": [f.pk for f in a.facilities.all()],
            }
            for a in assignments
        ],
        "facilities": [
            {
                "id": f.pk,
                "name": f.name,
                "commune": f.commune_id,
                "commune_name": f.commune.name if f.commune else "",
                "version": versions.get(f.pk, 0),
            }
            for f in facilities
        ],
        "communes": [{"id": c.pk, "name": c.full_name} for c in communes],
    }


def _latest_versions(facilities):
    from django.db.models import Max

    history = Facility.history.model
    rows = (
        history.objects.filter(id__in=[f.pk for f in facilities])
        .values("id")
        .annotate(last=Max("history_id"))
    )
    return {row["id"]: row["last"] for row in rows}


class CollectView(LoginRequiredMixin, TemplateView):
    """The installable survey screen (manifest + service worker); works offline from its cache."""

    template_name = "surveys/collect.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            collect=collect_data(self.request.user),
            collect_config={
                "syncUrl": reverse("survey-response-sync") if _has_api() else "",
                "swUrl": reverse("surveys:service-worker"),
                "scope": reverse("surveys:collect"),
                "messages": offline_messages(),
            },
            **kwargs,
        )


def _has_api():
    from django.urls import NoReverseMatch

    try:
        reverse("survey-response-sync")
    except NoReverseMatch:
        return False
    return True


def offline_messages():
    return {
        "online": _("Online"),
        "offline": _("Offline: surveys are kept on this phone"),
        "queued": _("Saved on the phone; it will be sent when there is signal."),
        "sent": _("Sent"),
        "waiting": _("Waiting to send"),
        "error": _("Not accepted"),
        "signin": _("Sign in again to send the saved surveys."),
        "required": _("This answer is required."),
        "noPosition": _("No GPS position yet"),
        "position": _("Position"),
        "locating": _("Finding the position…"),
        "positionFailed": _("The position could not be read; the survey can be saved without it."),
        "yes": _("Yes"),
        "no": _("No"),
        "choose": _("— choose —"),
        "nothingQueued": _("No survey waiting."),
        "pickForm": _("Pick a form."),
        "pickPlace": _("Pick an establishment or a commune."),
        "newFacility": _("A new establishment (not in the registry)"),
        "none": _("— none —"),
    }


class ServiceWorkerView(LoginRequiredMixin, View):
    """The service worker script (static/js/sw.js) served under /surveys/ so it may control the survey
    screen, with the list of files to keep for offline use."""

    def get(self, request):
        path = finders.find("js/sw.js")
        if not path:
            raise Http404
        with open(path, encoding="utf-8") as handle:
            script = handle.read()
        precache = [
            reverse("surveys:collect"),
            reverse("surveys:manifest"),
            static("js/survey-offline.js"),
            static("css/survey-offline.css"),
            static("vendor/pico/pico-2.1.1.min.css"),
            static("css/app.css"),
            static("js/app.js"),
            static("favicon.svg"),
        ]
        config = {"precache": precache, "version": _static_version(precache)}
        body = f"self.SW_CONFIG = {json.dumps(config)};\n{script}"
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
        response["Service-Worker-Allowed"] = reverse("surveys:home")
        response["Cache-Control"] = "no-cache"
        return response


def _static_version(urls):
    """Changes when any of the offline files changes, so phones pick up new versions."""
    import hashlib
    import os

    digest = hashlib.sha256()
    for name in ("js/sw.js", "js/survey-offline.js", "css/survey-offline.css"):
        path = finders.find(name)
        if path:
            digest.update(str(os.path.getmtime(path)).encode())
    digest.update("|".join(urls).encode())
    return digest.hexdigest()[:12]


class ManifestView(LoginRequiredMixin, View):
    """Web app manifest: the survey screen can be installed on the phone's home screen."""

    def get(self, request):
        data = {
            "name": _("Industrial promotion survey"),
            "short_name": _("Survey"),
            "start_url": reverse("surveys:collect"),
            "scope": reverse("surveys:collect"),
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#1d6fa5",
            "lang": get_language() or "vi",
            "icons": [{"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
        }
        return JsonResponse(
            data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
        )
