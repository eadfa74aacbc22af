from django.contrib.auth import views as auth_views
from django.urls import path

from . import otp, views
from .security import ThrottledAuthenticationForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=ThrottledAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("otp/", otp.VerifyView.as_view(), name="otp-verify"),
    path("otp/setup/", otp.SetupView.as_view(), name="otp-setup"),
    path("otp/recovery-codes/", otp.RecoveryCodesView.as_view(), name="otp-recovery-codes"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/api-token/", views.ApiTokenView.as_view(), name="api-token"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/add/", views.OrganisationCreateView.as_view(), name="organisation-add"),
    path("organisations/<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("organisations/<int:pk>/edit/", views.OrganisationUpdateView.as_view(), name="organisation-edit"),
]
