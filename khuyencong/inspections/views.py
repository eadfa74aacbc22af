"""Thin views of inspections: visits, findings, recommendations with their follow-up log; overdue ones
stand out and are listed per addressee. Every list and object goes through the scoping layer."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext
from django.views import View

from khuyencong.core import audit, clock
from khuyencong.core.exports import ExportMixin
from khuyencong.core.views import (
    HistoryView,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from khuyencong.correspondence.templatetags.correspondence import documents_exist

from . import services
from .filtersets import InspectionFilterSet, PlanFilterSet, RecommendationFilterSet
from .forms import (
    BulkFollowUpForm,
    FindingForm,
    FollowUpForm,
    InspectionForm,
    PlanForm,
    ProposalForm,
    RecommendationForm,
)
from .models import Inspection, InspectionPlan, Recommendation
from .tables import InspectionTable, RecommendationTable


class PostOnlyView(LoginRequiredMixin, View):
    """A step taken by POST on one record; there is no page to GET (404, like a record out of scope)."""

    def get(self, request, *args, **kwargs):
        raise Http404


class InspectionListView(ExportMixin, ScopedListView):
    model = Inspection
    filterset_class = InspectionFilterSet
    template_name = "inspections/inspection_list.html"
    queryset = Inspection.objects.select_related(
        "province", "cluster", "project", "facility", "inspecting_body"
    )
    export_name = "kiem-tra"
    export_columns = [
        (_l("Title"), "title"),
        (_l("Kind of visit"), "get_level_display"),
        (_l("Province"), "province__name"),
        (_l("Subject"), "subject"),
        (_l("Start"), "start_date"),
        (_l("End"), "end_date"),
        (_l("Legal basis"), "legal_basis"),
        (_l("Status"), "get_status_display"),
    ]
    table_class = InspectionTable

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            overdue_count=Recommendation.objects.visible_to(user).overdue().count(),
            can_create=_can_create(user),
            **kwargs,
        )


def _can_create(user):
    from khuyencong.core.scoping import DEFAULT_EDIT_ROLES, access_scope

    scope = access_scope(user)
    return scope.superuser or bool(scope.roles() & DEFAULT_EDIT_ROLES)


class InspectionDetailView(ScopedDetailView):
    model = Inspection
    template_name = "inspections/inspection_detail.html"
    queryset = Inspection.objects.select_related(
        "province", "cluster", "project", "facility", "inspecting_body", "plan"
    )

    def get_queryset(self):
        user = self.request.user
        return super().get_queryset().with_edit_flag(user).annotate(has_documents=documents_exist(Inspection))

    def get_context_data(self, **kwargs):
        inspection, user = self.object, self.request.user
        editable = inspection.user_can_edit
        findings = list(inspection.findings.all())
        recommendations = list(
            inspection.recommendations.visible_to(user)
            .select_related("addressee", "finding")
            .order_by("deadline")
        )
        for finding in findings:
            recs = [r for r in recommendations if r.finding_id == finding.pk]
            finding.recs = RecommendationTable(recs) if recs else None
        loose = [r for r in recommendations if r.finding_id is None]
        return super().get_context_data(
            findings=findings,
            loose_recommendations=RecommendationTable(loose) if loose else None,
            can_edit=editable,
            finding_form=FindingForm() if editable else None,
            recommendation_form=RecommendationForm(inspection=inspection, user=user) if editable else None,
            entries=audit.history_for(inspection, limit=20),
            **kwargs,
        )


class InspectionCreateView(ScopedCreateView):
    model = Inspection
    form_class = InspectionForm

    def get_success_url(self):
        return reverse("inspections:detail", args=[self.object.pk])


class InspectionUpdateView(ScopedUpdateView):
    model = Inspection
    form_class = InspectionForm

    def get_success_url(self):
        return reverse("inspections:detail", args=[self.object.pk])


class InspectionHistoryView(HistoryView):
    model = Inspection

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            back_url=reverse("inspections:detail", args=[self.object.pk]), **kwargs
        )


class FindingCreateView(PostOnlyView):
    model = Inspection

    def post(self, request, pk):
        inspection = get_object_or_404(Inspection.objects.editable_by(request.user), pk=pk)
        form = FindingForm(request.POST)
        if form.is_valid():
            services.add_finding(inspection, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Finding recorded."))
        else:
            messages.error(request, _("Write the finding."))
        return HttpResponseRedirect(reverse("inspections:detail", args=[inspection.pk]))


class RecommendationCreateView(PostOnlyView):
    model = Inspection

    def post(self, request, pk):
        inspection = get_object_or_404(Inspection.objects.editable_by(request.user), pk=pk)
        form = RecommendationForm(request.POST, inspection=inspection, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            finding = data.pop("finding")
            try:
                services.add_recommendation(
                    actor=request.user, finding=finding, inspection=None if finding else inspection, **data
                )
                messages.success(request, _("Recommendation recorded."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(reverse("inspections:detail", args=[inspection.pk]))


class PlanListView(ScopedListView):
    model = InspectionPlan
    filterset_class = PlanFilterSet
    template_name = "inspections/plan_list.html"
    queryset = InspectionPlan.objects.select_related("province", "organisation")


class PlanCreateView(ScopedCreateView):
    model = InspectionPlan
    form_class = PlanForm

    def get_success_url(self):
        return reverse("inspections:plan-list")


class RecommendationListView(ExportMixin, ScopedListView):
    """Recommendations and local proposals; `?overdue=true` lists the overdue ones, grouped by addressee."""

    model = Recommendation
    filterset_class = RecommendationFilterSet
    template_name = "inspections/recommendation_list.html"
    queryset = Recommendation.objects.select_related("addressee", "inspection", "province").order_by(
        "deadline", "id"
    )
    export_name = "kien-nghi"
    export_columns = [
        (_l("Recommendation"), "text"),
        (_l("Kind"), "get_kind_display"),
        (_l("Addressee"), "addressee_label"),
        (_l("Province"), "province__name"),
        (_l("Deadline"), "deadline"),
        (_l("Status"), "get_status_display"),
        (_l("Overdue"), "is_overdue"),
    ]
    table_class = RecommendationTable

    def get_queryset(self):
        return super().get_queryset().with_edit_flag(self.request.user)

    def get_select(self):
        return ("bulk-form", lambda row: row.user_can_edit)

    def get_context_data(self, **kwargs):
        user = self.request.user
        visible = Recommendation.objects.visible_to(user)
        context = super().get_context_data(
            overdue_groups=services.overdue_by_addressee(visible),
            today=clock.today(),
            can_create=_can_create(user),
            **kwargs,
        )
        if any(row.user_can_edit for row in context["object_list"]):
            context["bulk_form"] = BulkFollowUpForm()
        return context


class RecommendationBulkView(PostOnlyView):
    """The list's bulk action: one follow-up (and status) for the chosen recommendations, all or none."""

    model = Recommendation

    def post(self, request):
        back = reverse("inspections:recommendation-list")
        query = request.POST.get("querystring", "")
        if query:
            back = f"{back}?{query}"
        ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit() and int(v) < 2**63]
        chosen = list(Recommendation.objects.editable_by(request.user).filter(pk__in=ids).order_by("pk"))
        form = BulkFollowUpForm(request.POST)
        if not ids:
            messages.error(request, _("Choose at least one recommendation in the list."))
        elif len(chosen) != len(set(ids)):
            messages.error(request, _("Some of the chosen recommendations are not yours to follow up."))
        elif not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        else:
            try:
                services.bulk_follow_up(
                    chosen,
                    actor=request.user,
                    text=form.cleaned_data["text"],
                    status=form.cleaned_data["status"],
                )
            except ValidationError as exc:
                messages.error(request, _("Nothing was recorded:") + " " + " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    ngettext(
                        "Follow-up recorded for %(n)d recommendation.",
                        "Follow-up recorded for %(n)d recommendations.",
                        len(chosen),
                    )
                    % {"n": len(chosen)},
                )
        return HttpResponseRedirect(back)


class RecommendationDetailView(ScopedDetailView):
    model = Recommendation
    template_name = "inspections/recommendation_detail.html"
    queryset = Recommendation.objects.select_related("addressee", "inspection", "finding", "province")

    def get_queryset(self):
        user = self.request.user
        return (
            super()
            .get_queryset()
            .with_edit_flag(user)
            .annotate(has_documents=documents_exist(Recommendation))
        )

    def get_context_data(self, **kwargs):
        editable = self.object.user_can_edit
        return super().get_context_data(
            follow_ups=self.object.follow_ups.select_related("author"),
            can_edit=editable,
            follow_up_form=kwargs.pop("follow_up_form", None) or (FollowUpForm() if editable else None),
            entries=audit.history_for(self.object, limit=20),
            **kwargs,
        )


class FollowUpCreateView(PostOnlyView):
    model = Recommendation

    def post(self, request, pk):
        recommendation = get_object_or_404(Recommendation.objects.editable_by(request.user), pk=pk)
        form = FollowUpForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_follow_up(
                    recommendation,
                    actor=request.user,
                    text=data["text"],
                    evidence=data["evidence"],
                    status=data["status"],
                    on=data["date"],
                    answer=data["answer"] or None,
                )
                messages.success(request, _("Follow-up recorded."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(reverse("inspections:recommendation-detail", args=[recommendation.pk]))


class ProposalCreateView(ScopedCreateView):
    """Record a local proposal to the central agency; its answer is followed up like a recommendation."""

    model = Recommendation
    form_class = ProposalForm

    def save_form(self, form):
        data = {k: v for k, v in form.cleaned_data.items()}
        return services.add_recommendation(actor=self.request.user, **data)

    def get_success_url(self):
        return reverse("inspections:recommendation-detail", args=[self.object.pk])


class RecommendationHistoryView(HistoryView):
    model = Recommendation

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            back_url=reverse("inspections:recommendation-detail", args=[self.object.pk]), **kwargs
        )
