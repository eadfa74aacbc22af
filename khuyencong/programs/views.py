"""Thin views: lists and pages go through the scoping layer, every step through `services`."""

import copy
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, Sum
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from khuyencong.core import audit, exports
from khuyencong.core.exports import ExportMixin
from khuyencong.core.views import (
    HistoryView,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedQuerysetMixin,
    ScopedUpdateView,
)
from khuyencong.correspondence.templatetags.correspondence import documents_exist
from khuyencong.facilities.models import Facility
from khuyencong.surveys.models import SurveyResponse

from . import services, workflow
from .cap_tables import ProvincialSupportCapTable
from .caps import cap_violations
from .choices import APPROVED_STATES, PaymentKind, RequestStatus, Status
from .filtersets import PlanFilterSet, ProjectFilterSet
from .forms import (
    AdjustmentForm,
    ApprovalForm,
    DocumentForm,
    PaymentForm,
    PlanForm,
    ProjectForm,
    ProvincialSupportCapForm,
    StopRequestForm,
)
from .models import Plan, Project, ProvincialSupportCap, StopRequest, SupportCap
from .tables import ProjectTable

# The steps whose result must pass the support caps (services._check_approval).
CAP_CHECKED_STEPS = ("approve", "approve_adjustment")


def caps_after_step(project, name):
    """The caps the đề án would break after an approval or adjustment step (shown before it is taken,
    so the approver knows an exception with its legal basis is needed)."""
    if name == "approve":
        return cap_violations(project)
    if name != "approve_adjustment":
        return []
    pending = project.versions.filter(status=RequestStatus.PENDING).first()
    if pending is None:
        return []
    proposed = copy.copy(project)
    for field in ("state_support_vnd", "total_cost_vnd", "category_id", "support_content"):
        if field in pending.data:
            setattr(proposed, field, pending.data[field])
    start = pending.data.get("start_date")
    proposed.start_date = date.fromisoformat(start) if isinstance(start, str) else start
    if "beneficiary_ids" in pending.data:
        proposed.beneficiary_count = len(pending.data["beneficiary_ids"])
    return cap_violations(proposed)


PROJECT_LIST_QS = Project.objects.select_related("province", "category", "executing_unit").order_by(
    "-plan_year", "code"
)


class ProjectListView(ExportMixin, ScopedListView):
    model = Project
    filterset_class = ProjectFilterSet
    export_name = "de-an-khuyen-cong"
    export_columns = [
        (_l("Code"), "code"),
        (_l("Title"), "title"),
        (_l("Level"), "get_level_display"),
        (_l("Plan year"), "plan_year", exports.year),
        (_l("Province"), "province__name"),
        (_l("Content"), "category__name"),
        (_l("Executing unit"), "executing_unit__name"),
        (_l("Status"), "get_status_display"),
        # Money in triệu đồng, the unit of the reports, named in the header.
        (_l("State support (million VND)"), "state_support_vnd", exports.million),
        (_l("Counterpart funding (million VND)"), "counterpart_vnd", exports.million),
        (_l("Total cost (million VND)"), "total_cost_vnd", exports.million),
        (_l("Start"), "start_date"),
        (_l("End"), "end_date"),
    ]
    template_name = "programs/project_list.html"
    queryset = PROJECT_LIST_QS
    table_class = ProjectTable


class ProjectDetailView(ScopedDetailView):
    """The đề án page in a fixed number of queries (docs/performance.md, "Queries per page"): the row
    comes with whether the user may edit it and whether it has stop requests, survey responses or a
    support cap it may break; each list on the page is one query, and the rare ones are skipped when empty.
    """

    model = Project
    template_name = "programs/project_detail.html"
    queryset = Project.objects.select_related(
        "province", "commune", "category", "executing_unit", "plan__province"
    ).prefetch_related(Prefetch("beneficiaries", queryset=Facility.objects.select_related("commune")))

    def get_queryset(self):
        user = self.request.user
        return (
            super()
            .get_queryset()
            .with_edit_flag(user)
            .annotate(
                has_stop_requests=Exists(StopRequest.objects.filter(project=OuterRef("pk"))),
                has_survey_responses=Exists(SurveyResponse.objects.filter(project=OuterRef("pk"))),
                may_break_a_cap=Exists(self.caps_it_may_break())
                | Exists(
                    self.caps_it_may_break(
                        ProvincialSupportCap.objects.filter(province=OuterRef("province_id"))
                    )
                ),
                has_documents=documents_exist(Project),
            )
        )

    @staticmethod
    def caps_it_may_break(caps=None):
        """Caps of the đề án's level, category and province that its support may break, whatever their
        dates and support content: a superset of `cap_violations` (the share with one point of margin), so
        that the caps are read only for a đề án that may break one. `caps`: the province's own caps."""
        support, total = OuterRef("state_support_vnd"), OuterRef("total_cost_vnd")
        share_limit = ExpressionWrapper(F("max_share_percent") * total, output_field=DecimalField())
        if caps is None:
            caps = SupportCap.objects.filter(
                Q(level="") | Q(level=OuterRef("level")),
                Q(province__isnull=True) | Q(province=OuterRef("province_id")),
            )
        return caps.filter(
            Q(category__isnull=True) | Q(category=OuterRef("category_id")),
            Q(max_amount_vnd__lt=support)
            | Q(GreaterThan(total, 0), LessThanOrEqual(share_limit, support * 100 + total)),
        )

    def get_context_data(self, **kwargs):
        project, user = self.object, self.request.user
        editable = project.user_can_edit  # read with the row (`with_edit_flag`)
        versions = list(project.versions.select_related("requested_by", "decided_by", "decision"))
        previous = None
        for version in versions:
            version.changes = services.compare(previous.data, version.data) if previous else []
            if version.status == "approved" or previous is None:
                previous = version
        payments = list(project.payments.all())
        stop_requests = project.stop_requests.select_related("decision") if project.has_stop_requests else []
        return super().get_context_data(
            timeline=project.status_changes.select_related("changed_by", "document"),
            versions=versions,
            stop_requests=stop_requests,
            payments=payments,
            money=project.money(payments),
            actions=workflow.available_transitions(
                project, user, visible=True, editable=project.user_can_edit
            ),
            gaps=workflow.next_step_gaps(project),
            violations=cap_violations(project) if project.may_break_a_cap else [],
            cap_exceptions=project.cap_exceptions.select_related("recorded_by")
            if project.may_break_a_cap
            else [],
            beneficiaries=project.beneficiaries.all(),
            can_edit=editable,
            editable_now=project.status in (Status.NEED_REGISTERED, Status.DRAFT),
            entries=audit.history_for(project, limit=30),
            payment_form=PaymentForm(),
            **kwargs,
        )


class ProjectCreateView(ScopedCreateView):
    model = Project
    form_class = ProjectForm

    def save_form(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "beneficiaries"}
        return services.create_project(
            actor=self.request.user, beneficiaries=form.cleaned_data["beneficiaries"], **data
        )

    def get_success_url(self):
        return reverse("programs:project-detail", args=[self.object.pk])


class ProjectUpdateView(ScopedUpdateView):
    """Editing is for đề án in preparation; approved ones change only through adjustments."""

    model = Project
    form_class = ProjectForm

    def get_queryset(self):
        return (
            super().get_queryset().filter(status__in=[Status.NEED_REGISTERED, Status.DRAFT, Status.SUBMITTED])
        )

    def get_success_url(self):
        return reverse("programs:project-detail", args=[self.object.pk])


class ProjectHistoryView(HistoryView):
    model = Project

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            back_url=reverse("programs:project-detail", args=[self.object.pk]), **kwargs
        )


class TransitionView(ScopedQuerysetMixin, View):
    """GET: the form of one step (document, note, adjustment or stop fields); POST: take it via services."""

    template_name = "programs/transition_form.html"

    def setup_step(self, request, pk, name):
        project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
        try:
            transition = workflow.get(name)
        except LookupError:
            raise Http404 from None
        if not workflow.can_apply(transition, project, request.user):
            raise Http404
        return project, transition

    def make_form(self, request, transition, data=None):
        if transition.name == "request_adjustment":
            return AdjustmentForm(data, transition=transition, user=request.user)
        if transition.name == "request_stop":
            return StopRequestForm(data, transition=transition)
        if transition.name in CAP_CHECKED_STEPS:
            return ApprovalForm(data, transition=transition)
        return DocumentForm(data, transition=transition)

    def get(self, request, pk, name):
        project, transition = self.setup_step(request, pk, name)
        return self.render(request, project, transition, self.make_form(request, transition))

    def render(self, request, project, transition, form):
        context = {
            "object": project,
            "transition": transition,
            "form": form,
            "missing": workflow.missing_field_labels(project, transition.target_for(project)),
            "cap_violations": caps_after_step(project, transition.name),
        }
        return render(request, self.template_name, context)

    def post(self, request, pk, name):
        project, transition = self.setup_step(request, pk, name)
        form = self.make_form(request, transition, request.POST)
        if not form.is_valid():
            return self.render(request, project, transition, form)
        extra = {}
        if transition.name == "request_adjustment":
            extra = {"changes": form.changes(), "kinds": form.cleaned_data["kinds"]}
        elif transition.name == "request_stop":
            extra = {"reason": form.cleaned_data["reason"]}
        elif transition.name in CAP_CHECKED_STEPS:
            extra = {"cap_exception": form.cleaned_data["cap_exception"]}
        try:
            services.perform(
                project,
                name,
                actor=request.user,
                document=form.document(),
                note=form.cleaned_data["note"],
                **extra,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.render(request, project, transition, form)
        messages.success(request, _("Done: %s") % transition.label)
        return HttpResponseRedirect(reverse("programs:project-detail", args=[project.pk]))


class PaymentCreateView(ScopedQuerysetMixin, View):
    def post(self, request, pk):
        project = get_object_or_404(Project.objects.editable_by(request.user), pk=pk)
        form = PaymentForm(request.POST)
        if form.is_valid():
            try:
                services.record_payment(project, actor=request.user, **form.cleaned_data)
                messages.success(request, _("Payment recorded."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, _("The payment was not recorded: check the amount and the date."))
        return HttpResponseRedirect(reverse("programs:project-detail", args=[project.pk]))


class PlanListView(ScopedListView):
    model = Plan
    filterset_class = PlanFilterSet
    template_name = "programs/plan_list.html"
    queryset = (
        Plan.objects.select_related("province", "programme", "decision")
        .annotate(project_count=Count("projects", distinct=True))
        .order_by("-year", "province__name", "level")
    )


class PlanCreateView(ScopedCreateView):
    model = Plan
    form_class = PlanForm

    def save_form(self, form):
        return services.save_plan(form, actor=self.request.user)

    def get_success_url(self):
        return reverse("programs:plan-detail", args=[self.object.pk])


class PlanUpdateView(ScopedUpdateView):
    model = Plan
    form_class = PlanForm

    def save_form(self, form):
        return services.save_plan(form, actor=self.request.user)

    def get_success_url(self):
        return reverse("programs:plan-detail", args=[self.object.pk])


class PlanDetailView(ScopedDetailView):
    """A province's plan of one level and year: its đề án, money assigned / disbursed / settled, progress."""

    model = Plan
    template_name = "programs/plan_detail.html"
    queryset = Plan.objects.select_related("province", "programme", "decision")

    def get_context_data(self, **kwargs):
        plan = self.object
        projects = (
            plan.projects.visible_to(self.request.user)
            .select_related("category", "executing_unit")
            .annotate(
                disbursed=Sum(
                    "payments__amount_vnd",
                    filter=Q(payments__kind__in=[PaymentKind.ADVANCE, PaymentKind.DISBURSEMENT]),
                ),
                settled=Sum("payments__amount_vnd", filter=Q(payments__kind=PaymentKind.SETTLEMENT)),
            )
            .order_by("code")
        )
        rows = list(projects)
        carried = [p for p in rows if p.status in APPROVED_STATES and p.status != Status.STOPPED]
        totals = {
            "count": len(rows),
            "stopped": sum(1 for p in rows if p.status == Status.STOPPED),
            "support": sum(p.state_support_vnd for p in carried),
            "disbursed": sum(p.disbursed or 0 for p in rows),
            "settled": sum(p.settled or 0 for p in rows),
            "done": sum(1 for p in rows if p.status in (Status.ACCEPTED, Status.SETTLED, Status.EVALUATED)),
        }
        totals["progress"] = round(100 * totals["done"] / len(rows)) if rows else 0
        return super().get_context_data(projects=rows, totals=totals, **kwargs)


class ProvincialSupportCapListView(ScopedListView):
    """The provinces' own support levels, each with its HĐND resolution and dates; officers see and
    edit their province's (scope), administrators all."""

    model = ProvincialSupportCap
    table_class = ProvincialSupportCapTable
    template_name = "programs/provincialsupportcap_list.html"
    queryset = ProvincialSupportCap.objects.select_related("province", "category").order_by(
        "province__name", "-valid_from", "pk"
    )


class ProvincialSupportCapCreateView(ScopedCreateView):
    model = ProvincialSupportCap
    form_class = ProvincialSupportCapForm

    def get_success_url(self):
        return reverse("programs:provincial-cap-list")


class ProvincialSupportCapUpdateView(ScopedUpdateView):
    model = ProvincialSupportCap
    form_class = ProvincialSupportCapForm

    def get_success_url(self):
        return reverse("programs:provincial-cap-list")


class ProvincialSupportCapHistoryView(HistoryView):
    model = ProvincialSupportCap

    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=reverse("programs:provincial-cap-list"), **kwargs)
