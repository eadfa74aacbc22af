"""API token authentication that respects the second factor (issue #17, finding 1).

A user who needs a one-time code (`otp.requires_otp`) may use only an API token made in a session that
had passed the second factor (`TokenSecondFactor`, written by `views.ApiTokenView`). Tokens made before
OTP was required, or by a session that had only the password, are refused until the user signs in with
their code and makes a new token. Storage stays `rest_framework.authtoken`.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import TokenSecondFactor
from .otp import requires_otp


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if requires_otp(user) and not TokenSecondFactor.objects.filter(token=token).exists():
            raise exceptions.AuthenticationFailed(
                _(
                    "This API token was made without a one-time code. Sign in with your code "
                    "and replace the token on your account page."
                )
            )
        return user, token
