from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CapException,
    ContentCategory,
    Document,
    Payment,
    Plan,
    Programme,
    Project,
    ProjectVersion,
    ProvincialSupportCap,
    StatusChange,
    SupportCap,
)


@admin.register(ContentCategory)
class ContentCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["number", "code", "name", "legal_source", "valid_from", "valid_to"]


@admin.register(SupportCap)
class SupportCapAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "description",
        "level",
        "category",
        "content",
        "max_share_percent",
        "max_amount_vnd",
        "valid_from",
        "valid_to",
    ]


@admin.register(ProvincialSupportCap)
class ProvincialSupportCapAdmin(SimpleHistoryAdmin):
    list_display = [
        "province",
        "description",
        "category",
        "content",
        "max_share_percent",
        "max_amount_vnd",
        "resolution_number",
        "resolution_date",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["province"]


@admin.register(CapException)
class CapExceptionAdmin(SimpleHistoryAdmin):
    list_display = ["project", "version_number", "step", "cap_code", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_at"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "number", "issued_on", "issuing_body_name"]
    search_fields = ["number"]


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "start_year", "end_year", "province"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["level", "year", "province", "budget_vnd"]
    raw_id_fields = ["province", "decision"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = [
        "transition",
        "from_status",
        "to_status",
        "changed_by",
        "changed_at",
        "document",
        "note",
    ]


class VersionInline(admin.TabularInline):
    model = ProjectVersion
    extra = 0
    can_delete = False
    readonly_fields = ["number", "status", "kinds", "data", "decision"]


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    """Status is read-only here: it changes only through the workflow services."""

    list_display = ["code", "title", "level", "plan_year", "province", "status", "state_support_vnd"]
    list_filter = ["level", "plan_year", "status"]
    search_fields = ["code", "title"]
    raw_id_fields = ["province", "commune", "plan", "executing_unit"]
    filter_horizontal = ["beneficiaries"]
    readonly_fields = ["status", "version_number"]
    inlines = [VersionInline, StatusChangeInline, PaymentInline]
