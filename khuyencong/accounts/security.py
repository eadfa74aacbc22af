"""Login throttling: after LOGIN_FAILURE_LIMIT wrong passwords for a user name, that name is locked for
LOGIN_LOCKOUT_MINUTES. Counting is per user name (folded), so guessing across many addresses does not help;
a successful login resets the count."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import LoginThrottle


def _key(username):
    return (username or "").strip().lower()[:150]


def locked_until(username):
    row = LoginThrottle.objects.filter(username=_key(username)).first()
    if row and row.locked_until and row.locked_until > timezone.now():
        return row.locked_until
    return None


def record_failure(username):
    key = _key(username)
    if not key:
        return
    row, _created = LoginThrottle.objects.get_or_create(username=key)
    LoginThrottle.objects.filter(pk=row.pk).update(failures=F("failures") + 1, last_failure_at=timezone.now())
    row.refresh_from_db()
    if row.failures >= settings.LOGIN_FAILURE_LIMIT:
        row.locked_until = timezone.now() + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        row.failures = 0
        row.save(update_fields=["locked_until", "failures"])


def record_success(username):
    LoginThrottle.objects.filter(username=_key(username)).delete()


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing locked user names before checking the password."""

    locked = False

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and locked_until(username):
            self.locked = True
            raise forms.ValidationError(
                _("Too many wrong passwords: this account is locked for %(minutes)s minutes."),
                code="locked",
                params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            record_failure(username)
            raise
        record_success(username)
        return cleaned
