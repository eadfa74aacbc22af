from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "filename", "user", "status", "done", "total", "created_at", "finished_at")
    list_filter = ("kind", "status")
    readonly_fields = ("messages", "result", "params")
