"""The response review desk: list, review, merge, resolve a conflict, draft a đề án."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from khuyencong.core import audit, clock
from khuyencong.core.exports import ExportMixin
from khuyencong.core.views import HistoryView, ScopedDetailView, ScopedListView
from khuyencong.facilities.services import DuplicateFacility, find_duplicates

from .. import services
from ..choices import ResponseStatus
from ..filtersets import ResponseFilterSet
from ..forms import DraftProjectForm, MergeForm, ReviewForm
from ..models import SurveyResponse
from ..tables import ResponseTable
from .base import PostOnlyView


class ResponseListView(ExportMixin, ScopedListView):
    model = SurveyResponse
    filterset_class = ResponseFilterSet
    template_name = "surveys/response_list.html"
    queryset = SurveyResponse.objects.select_related("form", "facility", "commune", "collaborator", "project")
    export_name = "phieu-khao-sat"
    export_columns = [
        (_l("Filled at"), "captured_at"),
        (_l("Form"), "form__title"),
        (
            pgettext_lazy("survey field", "Establishment"),
            lambda r: str(r.facility or r.answers.get("facility_name", "")),
        ),
        (_l("Commune"), "commune__name"),
        (_l("Collaborator"), "collaborator__full_name"),
        (_l("Status"), "get_status_display"),
        (_l("Latitude"), "latitude"),
        (_l("Longitude"), "longitude"),
    ]
    table_class = ResponseTable


class ResponseDetailView(ScopedDetailView):
    """The review page: answers, photos, position; approve, merge into the registry (with the duplicate
    check), resolve a conflict, draft a đề án."""

    model = SurveyResponse
    template_name = "surveys/response_detail.html"
    queryset = SurveyResponse.objects.select_related(
        "form", "facility", "commune", "province", "collaborator", "assignment", "project", "reviewed_by"
    )

    def get_queryset(self):
        return super().get_queryset().with_edit_flag(self.request.user)

    def get_context_data(self, **kwargs):
        response, user = self.object, self.request.user
        editable = response.user_can_edit
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
                    initial={"plan_year": clock.today().year + 1}
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
