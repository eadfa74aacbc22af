from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Facility, ProductAward


class ProductAwardInline(admin.TabularInline):
    model = ProductAward
    extra = 0


@admin.register(Facility)
class FacilityAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "kind",
        "province",
        "commune",
        "workers",
        "woman_owned",
        "employs_ethnic_minorities",
    ]
    list_filter = ["kind", "woman_owned", "employs_ethnic_minorities"]
    search_fields = ["name", "tax_code", "search_text"]
    raw_id_fields = ["province", "commune"]
    inlines = [ProductAwardInline]
