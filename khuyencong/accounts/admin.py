import logging

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from simple_history.admin import SimpleHistoryAdmin

from .models import LoginThrottle, Organisation, RoleAssignment, User

log = logging.getLogger("khuyencong.security")


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["province", "organisation", "communes"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("khuyencong", {"fields": ("organisation", "phone")}))
    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "organisation", "is_active"]
    actions = ["reset_second_factor"]

    @admin.action(
        permissions=["change"], description=_("Reset the second factor (authenticator and recovery codes)")
    )
    def reset_second_factor(self, request, queryset):
        """Remove every OTP device of the selected users (lost phone, or an authenticator nobody trusts):
        they enrol a new one at their next sign-in. Logged in each user's admin history."""
        for user in queryset:
            removed = list(devices_for_user(user, confirmed=None))
            for device in removed:
                device.delete()
            self.log_change(
                request,
                user,
                gettext("Reset the second factor: %(count)s devices removed.") % {"count": len(removed)},
            )
            log.warning("administrator %s reset the second factor of user %s", request.user.pk, user.pk)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Second factor reset for %(count)s user. They set up a new authenticator at their next "
                "sign-in: make sure nobody else knows their password.",
                "Second factor reset for %(count)s users. They set up a new authenticator at their next "
                "sign-in: make sure nobody else knows their passwords.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "province", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "search_text"]
    autocomplete_fields = ["province", "successor"]


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    """Sign-in waits (accounts/security.py): administrators see them and lift them."""

    list_display = ["who", "address", "failures", "last_failure_at", "locked_until"]
    search_fields = ["username", "address"]
    ordering = ["-last_failure_at"]
    actions = ["lift_throttles"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("user name"), ordering="username")
    def who(self, obj):
        return obj.username or gettext("(every user name from this address)")

    @admin.action(permissions=["delete"], description=_("Lift the selected throttles"))
    def lift_throttles(self, request, queryset):
        count = queryset.count()
        for row in queryset:
            log.warning("administrator %s lifted the sign-in throttle %s", request.user.pk, row)
        queryset.delete()
        self.message_user(
            request,
            ngettext("Lifted %(count)s throttle.", "Lifted %(count)s throttles.", count) % {"count": count},
            messages.SUCCESS,
        )
