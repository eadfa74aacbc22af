"""Admin for support staff. Decisions saved here go through the service, so the status stays derived."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    Cluster,
    ClusterDecision,
    ClusterInvestorAssignment,
    InfrastructureItem,
    LandRecord,
    TenantProject,
    TenantReport,
)


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "province", "status", "status_override", "investor", "investor_kind"]
    list_filter = ["status", "investor_kind", "is_legacy", "kind"]
    search_fields = ["name", "code", "search_text"]
    readonly_fields = ["status", "investor", "investor_kind"]
    autocomplete_fields = ["province", "communes"]


@admin.register(ClusterDecision)
class ClusterDecisionAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "kind", "number", "issued_on", "area_ha"]
    list_filter = ["kind"]
    search_fields = ["number", "cluster__name"]
    raw_id_fields = ["cluster", "issuing_body", "investor"]

    def save_model(self, request, obj, form, change):
        services.record_decision(obj)

    def delete_model(self, request, obj):
        services.delete_decision(obj)


@admin.register(ClusterInvestorAssignment)
class ClusterInvestorAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "investor", "kind", "since", "until"]
    list_filter = ["kind"]
    raw_id_fields = ["cluster", "investor", "decision"]


for model in (LandRecord, InfrastructureItem, TenantProject, TenantReport):
    admin.site.register(model, SimpleHistoryAdmin)
