from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Finding, FollowUp, Inspection, InspectionPlan, Recommendation


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "level", "province", "start_date", "status"]
    list_filter = ["level", "status"]
    search_fields = ["title", "search_text"]
    raw_id_fields = ["plan", "inspecting_body", "province", "cluster", "project", "facility"]
    inlines = [FindingInline]


@admin.register(InspectionPlan)
class InspectionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year", "level", "province"]
    raw_id_fields = ["organisation", "province"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["text", "kind", "addressee", "deadline", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["inspection", "finding", "province", "addressee"]
    readonly_fields = ["status", "closed_on"]
    inlines = [FollowUpInline]
