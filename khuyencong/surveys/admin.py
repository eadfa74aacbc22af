"""Admin for support staff. Survey forms are added here as data (no code); a form with responses is
never changed: add a new version."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    Collaborator,
    CollaboratorCommune,
    ResponsePhoto,
    SurveyAssignment,
    SurveyForm,
    SurveyResponse,
)


class CollaboratorCommuneInline(admin.TabularInline):
    model = CollaboratorCommune
    extra = 0
    raw_id_fields = ["commune", "district"]


@admin.register(Collaborator)
class CollaboratorAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "province", "organisation", "phone", "active_from", "active_to"]
    search_fields = ["full_name", "search_text", "phone"]
    raw_id_fields = ["user", "organisation", "province"]
    inlines = [CollaboratorCommuneInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.sync_role(form.instance, actor=request.user)


@admin.register(SurveyForm)
class SurveyFormAdmin(SimpleHistoryAdmin):
    list_display = ["title", "code", "version", "purpose", "is_active", "is_builtin"]
    list_filter = ["purpose", "is_active"]
    search_fields = ["title", "code"]


@admin.register(SurveyAssignment)
class SurveyAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["collaborator", "purpose", "commune", "due_date", "status"]
    list_filter = ["purpose", "status"]
    raw_id_fields = ["collaborator", "commune", "facilities", "form"]


class ResponsePhotoInline(admin.TabularInline):
    model = ResponsePhoto
    extra = 0


@admin.register(SurveyResponse)
class SurveyResponseAdmin(SimpleHistoryAdmin):
    list_display = ["client_uuid", "form", "facility", "commune", "status", "captured_at"]
    list_filter = ["status", "form"]
    search_fields = ["client_uuid"]
    raw_id_fields = ["assignment", "collaborator", "facility", "province", "commune", "project", "form"]
    readonly_fields = ["client_uuid", "received_at"]
    inlines = [ResponsePhotoInline]
