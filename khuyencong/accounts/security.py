"""Sign-in throttling with growing waits, by user name *and* client address (issue #17, finding 6).

- A user name from one address: after LOGIN_FAILURE_LIMIT wrong passwords, that name may not be tried
  from that address for 1 minute, then 2, 4, 8, … (each further failure doubles the wait), at most
  LOGIN_DELAY_MAX_MINUTES. Wrong passwords from address X never slow the same user signing in from Y, so
  nobody can lock somebody else out from elsewhere. A successful sign-in clears that name and address.
- One address across all names (password spraying): the same waits after LOGIN_ADDRESS_FAILURE_LIMIT
  failures (0 turns this off); a success does not clear it.
- Failures are forgotten after FORGET_AFTER without one. While a wait runs, the password is not checked
  (and the attempt is not counted). The message is the same whether or not the account exists.

The address is REMOTE_ADDR, or, when the request comes from one of TRUSTED_PROXIES (the reverse proxy of
docs/deploy.md), the nearest address in X-Forwarded-For that is not itself a trusted proxy: a client
can prepend anything to that header, but not what the trusted proxy appended (docs/security.md).
Administrators see and lift throttles in the Django admin (accounts/admin.py).
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import F
from django.utils import timezone
from django.utils.translation import ngettext

from .models import LoginThrottle

FORGET_AFTER = timedelta(days=1)
ALL_NAMES = ""  # the username of the per-address row


def _key(username):
    return (username or "").strip().lower()[:150]


def client_address(request):
    if request is None:
        return ""
    address = (request.META.get("REMOTE_ADDR") or "").strip()
    trusted = set(settings.TRUSTED_PROXIES)
    if address in trusted:
        forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        for hop in reversed([hop for hop in forwarded if hop]):
            address = hop
            if hop not in trusted:
                break
    return address[:64]


def _rows(username, address):
    """(throttle key, failure limit) pairs that apply to this attempt."""
    keys = [(username, address, settings.LOGIN_FAILURE_LIMIT)]
    if settings.LOGIN_ADDRESS_FAILURE_LIMIT and address:
        keys.append((ALL_NAMES, address, settings.LOGIN_ADDRESS_FAILURE_LIMIT))
    return keys


def locked_until(username, address):
    """When the latest wait that applies to this name and address ends, or None."""
    now = timezone.now()
    ends = [
        row.locked_until
        for key, addr, _limit in _rows(_key(username), address)
        for row in LoginThrottle.objects.filter(username=key, address=addr, locked_until__gt=now)
    ]
    return max(ends) if ends else None


def wait_minutes(failures, limit):
    """The wait after `failures` failures: none below the limit, then 1, 2, 4, … minutes, capped."""
    if failures < limit:
        return 0
    return min(2 ** min(failures - limit, 30), settings.LOGIN_DELAY_MAX_MINUTES)


def record_failure(username, address):
    username = _key(username)
    if not username:
        return
    now = timezone.now()
    for key, addr, limit in _rows(username, address):
        row, _created = LoginThrottle.objects.get_or_create(username=key, address=addr)
        if row.last_failure_at and now - row.last_failure_at > FORGET_AFTER:
            LoginThrottle.objects.filter(pk=row.pk).update(failures=0, locked_until=None)
        LoginThrottle.objects.filter(pk=row.pk).update(failures=F("failures") + 1, last_failure_at=now)
        row.refresh_from_db()
        minutes = wait_minutes(row.failures, limit)
        if minutes:
            row.locked_until = now + timedelta(minutes=minutes)
            row.save(update_fields=["locked_until"])


def record_success(username, address):
    LoginThrottle.objects.filter(username=_key(username), address=address).delete()


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing a name and address that must wait, before checking the password."""

    locked = False

    def clean(self):
        username = self.cleaned_data.get("username")
        address = client_address(self.request)
        until = locked_until(username, address) if _key(username) else None
        if until:
            self.locked = True
            minutes = max(1, -(-int((until - timezone.now()).total_seconds()) // 60))
            raise forms.ValidationError(
                ngettext(
                    "Too many failed sign-in attempts. Please wait %(minutes)s minute and try again.",
                    "Too many failed sign-in attempts. Please wait %(minutes)s minutes and try again.",
                    minutes,
                ),
                code="locked",
                params={"minutes": minutes},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            record_failure(username, address)
            raise
        record_success(username, address)
        return cleaned
