from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Correspondence, CorrespondenceLink


class LinkInline(admin.TabularInline):
    model = CorrespondenceLink
    extra = 0
    raw_id_fields = [
        "cluster",
        "cluster_decision",
        "project",
        "programme_document",
        "inspection",
        "recommendation",
        "submission",
    ]


@admin.register(Correspondence)
class CorrespondenceAdmin(SimpleHistoryAdmin):
    list_display = ["direction", "kind", "number", "issued_on", "province", "reply_by"]
    list_filter = ["direction", "kind"]
    search_fields = ["search_text"]
    raw_id_fields = ["province", "issuing_body", "in_reply_to"]
    readonly_fields = ["cluster_decision", "programme_document"]
    inlines = [LinkInline]
