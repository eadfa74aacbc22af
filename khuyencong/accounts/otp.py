"""Second factor (TOTP, django-otp) for central-agency and administrator accounts.

`RequireOTPMiddleware` sends a signed-in user who needs a second factor and has not given one to
`otp-verify` (or `otp-setup` when they have no confirmed authenticator yet); until then only the
sign-in, sign-out, second-factor and language pages answer. Who needs it: staff and superusers, and
holders of the roles in OTP_REQUIRED_ROLES (central by default). OTP_REQUIRED turns it on (default:
on unless DEBUG, so the demo personas sign in with a password only).

Issue #17, finding 1: the setup page is exempt from the middleware (a first enrolment happens before any
code), so it refuses a user who already has a confirmed device unless the session has passed the second
factor; replacing an authenticator therefore needs the current code (or a recovery code), or an
administrator's reset (UserAdmin action, logged). Each setup session gets its own secret. Confirming a
device removes the user's other authenticators and shows 10 new one-time recovery codes
(`RecoveryCodeDevice`, hashed), which the verify page accepts instead of a code.
"""

import logging
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import RecoveryCodeDevice

log = logging.getLogger("khuyencong.security")

SETUP_DEVICE_SESSION_KEY = "khuyencong_otp_setup_device"

EXEMPT_URL_NAMES = ("login", "logout", "otp-verify", "otp-setup", "set_language")


def requires_otp(user):
    if not settings.OTP_REQUIRED or not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user.has_role(*settings.OTP_REQUIRED_ROLES)


class RequireOTPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if requires_otp(user) and not user.is_verified() and not self._exempt(request.path):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": str(_("A second factor (one-time code) is required."))}, status=403
                )
            name = "otp-verify" if user_has_device(user) else "otp-setup"
            return redirect(f"{reverse(name)}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path):
        if path.startswith((settings.STATIC_URL, "/i18n/")):
            return True
        return any(path == reverse(name) for name in EXEMPT_URL_NAMES)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("One-time code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class _OTPView(LoginRequiredMixin, FormView):
    form_class = TokenForm

    def next_url(self):
        target = self.request.GET.get("next") or self.request.POST.get("next") or "/"
        ok = url_has_allowed_host_and_scheme(target, {self.request.get_host()}, self.request.is_secure())
        return target if ok else "/"

    def wrong_code(self, form):
        form.add_error("token", _("The code is wrong or has expired."))
        return self.form_invalid(form)


def show_recovery_codes(request, codes, next_url):
    """The page that shows new recovery codes, the only time they are shown."""
    return render(request, "accounts/otp_recovery_codes.html", {"codes": codes, "next_url": next_url})


def new_recovery_codes(user):
    """Replace the user's recovery codes; returns the new ones (to be shown once)."""
    device = RecoveryCodeDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = RecoveryCodeDevice.objects.create(user=user, name="recovery codes")
    RecoveryCodeDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return device.regenerate()


def matching_device(user, token):
    """The confirmed device of `user` that accepts `token`: an authenticator for a 6-8 digit code, else
    the recovery codes. Rows are locked while checked so that a code is not accepted twice."""
    compact = "".join(token.split())
    model = TOTPDevice if compact.isdigit() and len(compact) <= 8 else RecoveryCodeDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(compact):
                return device
    return None


class VerifyView(_OTPView):
    template_name = "accounts/otp_verify.html"

    def form_valid(self, form):
        device = matching_device(self.request.user, form.cleaned_data["token"])
        if device is None:
            return self.wrong_code(form)
        otp_login(self.request, device)
        if isinstance(device, RecoveryCodeDevice):
            left = device.remaining()
            log.warning(
                "user %s passed the second factor with a recovery code (%s left)", self.request.user.pk, left
            )
            messages.warning(
                self.request,
                ngettext(
                    "You used a recovery code; %(count)s is left. Make new ones on your account page.",
                    "You used a recovery code; %(count)s are left. Make new ones on your account page.",
                    left,
                )
                % {"count": left},
            )
        return redirect(self.next_url())


class SetupView(_OTPView):
    """Enrol an authenticator app: show the QR code of a new, unconfirmed device of this session; a right
    code confirms it. Refused (sent to verify) while the user has a confirmed device and this session has
    not passed the second factor."""

    template_name = "accounts/otp_setup.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.is_verified() and user_has_device(user):
            return redirect(f"{reverse('otp-verify')}?{urlencode({'next': request.get_full_path()})}")
        return super().dispatch(request, *args, **kwargs)

    def device(self, create=True):
        """This session's unconfirmed device: a secret another session saw is never offered here."""
        user = self.request.user
        pk = self.request.session.get(SETUP_DEVICE_SESSION_KEY)
        device = TOTPDevice.objects.filter(user=user, confirmed=False, pk=pk).first() if pk else None
        if device is None and create:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
            self.request.session[SETUP_DEVICE_SESSION_KEY] = device.pk
        return device

    def get_context_data(self, **kwargs):
        device = self.device()
        qr = segno.make(device.config_url, error="m")
        return super().get_context_data(
            qr_svg=qr.svg_data_uri(scale=4),
            secret=device.config_url,
            replacing=user_has_device(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        user = self.request.user
        device = self.device(create=False)
        if device is None or not device.verify_token(form.cleaned_data["token"].strip()):
            return self.wrong_code(form)
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()[0]
            codes = new_recovery_codes(user)
        self.request.session.pop(SETUP_DEVICE_SESSION_KEY, None)
        otp_login(self.request, device)
        log.warning("user %s confirmed an authenticator (%s other devices removed)", user.pk, replaced)
        return show_recovery_codes(self.request, codes, self.next_url())


class RecoveryCodesView(LoginRequiredMixin, View):
    """POST, from a session that passed the second factor: replace the recovery codes and show them once."""

    def post(self, request):
        if not request.user.is_verified():
            return redirect(f"{reverse('otp-verify')}?{urlencode({'next': reverse('profile')})}")
        log.warning("user %s made new recovery codes", request.user.pk)
        return show_recovery_codes(request, new_recovery_codes(request.user), reverse("profile"))
