"""Pages of the clusters app: thin views over the scoping layer, the services and the rules."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
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
from khuyencong.correspondence.templatetags.correspondence import documents_exist

from . import rules, services
from .choices import STATUS_BADGE
from .filtersets import ClusterFilterSet
from .forms import (
    ClusterForm,
    DecisionForm,
    InfrastructureForm,
    InvestorForm,
    LandRecordForm,
    TenantForm,
    TenantReportForm,
)
from .models import (
    Cluster,
    ClusterDecision,
    ClusterInvestorAssignment,
    InfrastructureItem,
    LandRecord,
    TenantProject,
    TenantReport,
)
from .permissions import can_add
from .tables import ClusterTable


def warn(request, cluster):
    """Rules broken by the cluster, shown after a save: warnings, never blocks."""
    for warning in rules.check_cluster(cluster):
        messages.warning(request, warning.message)


class ClusterListView(ExportMixin, ScopedListView):
    model = Cluster
    filterset_class = ClusterFilterSet
    export_name = "cum-cong-nghiep"
    export_columns = [
        (_("Code"), "code"),
        (_("Name"), "name"),
        (_("Province"), "province__name"),
        (_("Communes"), lambda c: ", ".join(commune.name for commune in c.communes.all())),
        (_("Status"), "get_effective_status_display"),
        (_("Type"), "get_kind_display"),
        (_("Planned area (ha)"), "planned_area_ha"),
        (_("Infrastructure investor"), "investor__name"),
        (_("Investor kind"), "get_investor_kind_display"),
        (_("Occupancy (%)"), "latest_occupancy"),
        (_("Wastewater plant operating"), "has_wastewater_plant"),
    ]
    queryset = Cluster.objects.for_list().order_by("province__code", "search_text", "pk")
    template_name = "clusters/cluster_list.html"
    table_class = ClusterTable


class ClusterMapView(ClusterListView):
    """Every visible cluster with a location, as markers; the same filters as the list."""

    template_name = "clusters/cluster_map.html"
    paginate_by = None

    def get_template_names(self):
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["points"] = [
            {
                "id": c.pk,
                "name": str(c),
                "status": c.get_effective_status_display(),
                "lat": float(c.latitude),
                "lon": float(c.longitude),
                "url": c.get_absolute_url(),
                "area": float(c.planned_area_ha) if c.planned_area_ha is not None else None,
            }
            for c in context["object_list"]
            if c.latitude is not None and c.longitude is not None
        ]
        return context


class ClusterDetailView(ScopedDetailView):
    """Facts, warnings, decision timeline, investors, occupancy, infrastructure, tenants, map, history.

    A fixed number of queries (docs/performance.md, "Queries per page"): the row comes with whether the
    user may edit it and which of its lists have rows; each list is one query, skipped when empty."""

    model = Cluster
    queryset = Cluster.objects.select_related("province", "investor").prefetch_related("communes")
    template_name = "clusters/cluster_detail.html"
    LISTS = {
        "has_decisions": ClusterDecision,
        "has_land_records": LandRecord,
        "has_infrastructure": InfrastructureItem,
        "has_tenants": TenantProject,
        "has_assignments": ClusterInvestorAssignment,
    }

    def get_queryset(self):
        flags = {
            name: Exists(model.objects.filter(cluster=OuterRef("pk"))) for name, model in self.LISTS.items()
        }
        return (
            super()
            .get_queryset()
            .with_edit_flag(self.request.user)
            .annotate(has_documents=documents_exist(Cluster), **flags)
        )

    def get_context_data(self, **kwargs):
        cluster, user = self.object, self.request.user
        decisions = []
        if cluster.has_decisions:
            decisions = list(
                cluster.decisions.select_related("issuing_body", "investor").order_by("issued_on", "pk")
            )
        land = list(cluster.land_records.order_by("-period_end")) if cluster.has_land_records else []
        state = services.state_as_of(cluster, decisions)
        point = None
        if cluster.latitude is not None and cluster.longitude is not None:
            point = [
                {
                    "id": cluster.pk,
                    "name": str(cluster),
                    "status": cluster.get_effective_status_display(),
                    "lat": float(cluster.latitude),
                    "lon": float(cluster.longitude),
                    "url": "",
                    "boundary": cluster.boundary,
                }
            ]
        assignments = []
        if cluster.has_assignments:
            assignments = cluster.investor_assignments.select_related("investor", "decision").order_by(
                "-since"
            )
        return super().get_context_data(
            decisions=decisions,
            state=state,
            warnings=rules.check_cluster(cluster, decisions=decisions, land_records=land),
            land_records=land,
            assignments=assignments,
            infrastructure=cluster.infrastructure.all() if cluster.has_infrastructure else [],
            tenants=cluster.tenants.select_related("investor") if cluster.has_tenants else [],
            entries=audit.history_for(cluster, limit=50),
            points=point,
            badges=STATUS_BADGE,
            can_edit=cluster.user_can_edit,
            can_add_decision=can_add(user, cluster, ClusterDecision),
            can_add_record=can_add(user, cluster, LandRecord),
            **kwargs,
        )


class ClusterFormMixin:
    model = Cluster
    form_class = ClusterForm

    def save_form(self, form):
        return services.save_cluster(
            form.instance,
            investor_since=form.cleaned_data.get("investor_since"),
            communes=form.cleaned_data.get("communes"),
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        if isinstance(response, HttpResponseRedirect):
            warn(self.request, self.object)
        return response

    def get_success_url(self):
        return self.object.get_absolute_url()


class ClusterCreateView(ClusterFormMixin, ScopedCreateView):
    pass


class ClusterUpdateView(ClusterFormMixin, ScopedUpdateView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.object.get_absolute_url(), **kwargs)


class ClusterHistoryView(HistoryView):
    model = Cluster

    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=self.object.get_absolute_url(), **kwargs)


class UnderClusterMixin:
    """Create views for a record under a cluster: the cluster must be visible (else 404) and open to
    this kind of record for the user (else 403)."""

    parent_model = Cluster
    parent_kwarg = "cluster_pk"
    parent_form_kwarg = "cluster"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.parent = get_object_or_404(
            self.parent_model.objects.visible_to(request.user), pk=kwargs[self.parent_kwarg]
        )
        cluster = self.parent if isinstance(self.parent, Cluster) else self.parent.cluster
        if not can_add(request.user, cluster, self.model):
            raise PermissionDenied
        self.cluster = cluster
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), self.parent_form_kwarg: self.parent}

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.get_success_url_base(), **kwargs)

    def get_success_url_base(self):
        return self.parent.get_absolute_url()

    def get_success_url(self):
        return self.get_success_url_base()


class ChildUpdateMixin:
    def get_success_url(self):
        return self.object.cluster.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.get_success_url(), **kwargs)


class DecisionCreateView(UnderClusterMixin, ScopedCreateView):
    model = ClusterDecision
    form_class = DecisionForm

    def save_form(self, form):
        return services.record_decision(form.instance)

    def form_valid(self, form):
        response = super().form_valid(form)
        if isinstance(response, HttpResponseRedirect):
            warn(self.request, self.cluster)
        return response


class DecisionUpdateView(ChildUpdateMixin, ScopedUpdateView):
    model = ClusterDecision
    form_class = DecisionForm

    def save_form(self, form):
        return services.record_decision(form.instance)


class DecisionDeleteView(LoginRequiredMixin, View):
    """POST only: delete a mistyped decision; the status is derived again."""

    def post(self, request, pk):
        decision = get_object_or_404(ClusterDecision.objects.editable_by(request.user), pk=pk)
        cluster = decision.cluster
        try:
            services.delete_decision(decision, actor=request.user, reason="delete decision")
        except DELETE_BLOCKERS as exc:
            messages.error(request, still_referenced_message(decision, exc))
            return redirect(cluster.get_absolute_url())
        messages.success(request, _("Deleted."))
        return redirect(cluster.get_absolute_url())


class InvestorChangeView(LoginRequiredMixin, FormView):
    """Record a change of infrastructure investor from a date (the investor history)."""

    form_class = InvestorForm
    template_name = "core/object_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.cluster = get_object_or_404(Cluster.objects.editable_by(request.user), pk=kwargs["cluster_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"investor": self.cluster.investor_id}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.cluster, cancel_url=self.cluster.get_absolute_url(), **kwargs
        )

    def form_valid(self, form):
        try:
            with transaction.atomic(), audit.acting_as(self.request.user, reason="investor change"):
                services.assign_investor(
                    self.cluster,
                    form.cleaned_data["investor"],
                    since=form.cleaned_data["since"],
                    note=form.cleaned_data["note"],
                )
                if not can_edit(self.request.user, self.cluster):
                    raise OutOfScope
        except OutOfScope:
            form.add_error(None, OUT_OF_SCOPE_MESSAGE)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.cluster.get_absolute_url())


class LandRecordCreateView(UnderClusterMixin, ScopedCreateView):
    model = LandRecord
    form_class = LandRecordForm


class LandRecordUpdateView(ChildUpdateMixin, ScopedUpdateView):
    model = LandRecord
    form_class = LandRecordForm


class InfrastructureCreateView(UnderClusterMixin, ScopedCreateView):
    model = InfrastructureItem
    form_class = InfrastructureForm


class InfrastructureUpdateView(ChildUpdateMixin, ScopedUpdateView):
    model = InfrastructureItem
    form_class = InfrastructureForm


class TenantCreateView(UnderClusterMixin, ScopedCreateView):
    model = TenantProject
    form_class = TenantForm


class TenantUpdateView(ChildUpdateMixin, ScopedUpdateView):
    model = TenantProject
    form_class = TenantForm


class TenantDetailView(ScopedDetailView):
    model = TenantProject
    queryset = TenantProject.objects.select_related("cluster", "investor")
    template_name = "clusters/tenant_detail.html"

    def get_queryset(self):
        return super().get_queryset().with_edit_flag(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reports=self.object.reports.order_by("-period_end"),
            can_edit=self.object.user_can_edit,
            entries=audit.history_for(self.object, limit=50),
            **kwargs,
        )


class TenantReportCreateView(UnderClusterMixin, ScopedCreateView):
    model = TenantReport
    form_class = TenantReportForm
    parent_model = TenantProject
    parent_kwarg = "tenant_pk"
    parent_form_kwarg = "cluster"

    def get_success_url_base(self):
        return reverse("clusters:tenant-detail", args=[self.parent.pk])
