from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DayOff, ReminderPreference, ReminderSent


@admin.register(DayOff)
class DayOffAdmin(SimpleHistoryAdmin):
    list_display = ["date", "name", "kind", "province", "verified", "legal_source"]
    list_filter = ["kind", "verified", "province"]
    search_fields = ["name", "legal_source"]
    date_hierarchy = "date"


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(SimpleHistoryAdmin):
    list_display = ["user", "email_reminders", "lead_days"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "user", "title", "due", "stage", "email"]
    list_filter = ["stage"]
    readonly_fields = [f.name for f in ReminderSent._meta.fields]
