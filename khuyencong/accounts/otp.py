"""Second factor (TOTP, django-otp) for central-agency and administrator accounts.

`RequireOTPMiddleware` sends a signed-in user who needs a second factor and has not given one to
`otp-verify` (or `otp-setup` when they have no confirmed authenticator yet); until then only the
sign-in, sign-out, second-factor and language pages answer. Who needs it: staff and superusers, and
holders of the roles in OTP_REQUIRED_ROLES (central by default). OTP_REQUIRED turns it on (default:
on unless DEBUG, so the demo personas sign in with a password only).
"""

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

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
            name = (
                "otp-verify"
                if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
                else "otp-setup"
            )
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
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class _OTPView(LoginRequiredMixin, FormView):
    form_class = TokenForm

    def next_url(self):
        target = self.request.GET.get("next") or self.request.POST.get("next") or "/"
        ok = url_has_allowed_host_and_scheme(target, {self.request.get_host()}, self.request.is_secure())
        return target if ok else "/"

    def accept(self, form, device):
        if device is None or not device.verify_token(form.cleaned_data["token"].strip()):
            form.add_error("token", _("The code is wrong or has expired."))
            return self.form_invalid(form)
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        otp_login(self.request, device)
        return redirect(self.next_url())


class VerifyView(_OTPView):
    template_name = "accounts/otp_verify.html"

    def form_valid(self, form):
        devices = TOTPDevice.objects.devices_for_user(self.request.user, confirmed=True)
        token = form.cleaned_data["token"].strip()
        device = next((d for d in devices if d.verify_token(token)), None)
        if device is None:
            form.add_error("token", _("The code is wrong or has expired."))
            return self.form_invalid(form)
        otp_login(self.request, device)
        return redirect(self.next_url())


class SetupView(_OTPView):
    """Enrol an authenticator app: show the QR code of a new, unconfirmed device; a right code confirms it."""

    template_name = "accounts/otp_setup.html"

    def device(self):
        user = self.request.user
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)

    def get_context_data(self, **kwargs):
        device = self.device()
        qr = segno.make(device.config_url, error="m")
        return super().get_context_data(qr_svg=qr.svg_data_uri(scale=4), secret=device.config_url, **kwargs)

    def form_valid(self, form):
        return self.accept(form, self.device())
