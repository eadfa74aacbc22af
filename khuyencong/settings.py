"""Settings for khuyencong, read from the environment (12-factor).

Every variable is documented in `.env.example`. Bad values fail at start-up with ImproperlyConfigured.
SQLite under `var/` is the default database when DATABASE_URL is unset, so `make demo` needs no server.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name, default=None):
    """Read a secret from NAME, or from the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points at {path!r}, which cannot be read") from exc
    return os.environ.get(name, default)


DEBUG = env_bool("DEBUG", False)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATA_DIR = Path(os.environ.get("KHUYENCONG_DATA_DIR") or PROJECT_DIR / "var")


def local_secret_key(data_dir):
    """A random key kept in DATA_DIR/secret_key (mode 600), made on first use: a single-machine install
    (the demo, a laptop) works without configuration and keeps its sessions across restarts. Servers
    with several app hosts must set SECRET_KEY (or SECRET_KEY_FILE) so that all hosts share it."""
    path = Path(data_dir) / "secret_key"
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(64))
        return path.read_text().strip()
    except FileExistsError:  # another process made it a moment ago
        return path.read_text().strip()
    except OSError as exc:
        raise ImproperlyConfigured(f"SECRET_KEY is not set and {path} cannot be written: {exc}") from exc


SECRET_KEY = env_secret("SECRET_KEY") or local_secret_key(DATA_DIR)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or DATA_DIR / "media")
MEDIA_URL = "/media/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or DATA_DIR / "static")
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "khuyencong.core",
    "khuyencong.geography",
    "khuyencong.accounts",
    "khuyencong.deadlines",
    "khuyencong.clusters",
    "khuyencong.facilities",
    "khuyencong.programs",
    "khuyencong.surveys",
    "khuyencong.inspections",
    "khuyencong.reports",
    "khuyencong.correspondence",
    "khuyencong.imports",
    "khuyencong.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "khuyencong.accounts.otp.RequireOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "khuyencong.core.audit.AuditActorMiddleware",
]

ROOT_URLCONF = "khuyencong.urls"
WSGI_APPLICATION = "khuyencong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "khuyencong.core.context_processors.navigation",
            ],
            "builtins": ["khuyencong.core.templatetags.vn"],
        },
    }
]

_default_sqlite = f"sqlite:///{DATA_DIR / 'khuyencong.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL") or _default_sqlite
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 0))}
except Exception as exc:  # dj-database-url raises several types for a malformed URL
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # Writers queue for the lock at BEGIN, so a check-then-write service sees the previous writer's commit
    # (SQLite has no row locks; PostgreSQL services use select_for_update).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (accounts/security.py): wrong passwords for one user name from one address before it
# must wait (1, 2, 4, … minutes, at most LOGIN_DELAY_MAX_MINUTES), and from one address across all names.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 50)
LOGIN_DELAY_MAX_MINUTES = env_int("LOGIN_DELAY_MAX_MINUTES", 60)
# Addresses of the reverse proxies whose X-Forwarded-For is believed (the client's address for the throttle).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# Second factor (accounts/otp.py): required for staff, superusers and these roles; off by default in DEBUG.
OTP_REQUIRED = env_bool("OTP_REQUIRED", not DEBUG)
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", ["central"])
OTP_TOTP_ISSUER = "khuyencong"

# Language and formats: Vietnamese first, English maintained. The `vi` format module fixes Django's
# missing thousand grouping and dd/mm/yyyy input (see ../shared/STACK.md §2).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# Widgets rendered by Python for the hot templates, same markup (core/renderers.py).
FORM_RENDERER = "khuyencong.core.renderers.FastRenderer"
FORMAT_MODULE_PATH = ["khuyencong.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "khuyencong.accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "khuyencong.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["khuyencong.api.filters.StrictFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "khuyencong.api.schema.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "khuyencong API",
    "DESCRIPTION": "Industrial clusters (CCN) and industrial promotion (khuyến công) — REST API v1",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,  # request components say which text may not be blank
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One schema name per choice set (several models share field names such as level and status).
    "ENUM_NAME_OVERRIDES": {
        "AdminUnitLevelEnum": "khuyencong.geography.choices.Level",
        "PromotionLevelEnum": "khuyencong.programs.choices.Level",
        "ProjectStatusEnum": "khuyencong.programs.choices.Status",
        "RequestStatusEnum": "khuyencong.programs.choices.RequestStatus",
        "ReportFormEnum": "khuyencong.reports.periods.ReportForm",
        "SubmissionStatusEnum": "khuyencong.reports.models.SubmissionStatus",
        "CorrespondenceDirectionEnum": "khuyencong.correspondence.choices.Direction",
        "CorrespondenceTypeEnum": "khuyencong.correspondence.choices.DocumentType",
        "RecommendationStatusEnum": "khuyencong.inspections.choices.RecommendationStatus",
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Security. Behind a TLS proxy set BEHIND_TLS_PROXY=1 (see docs/deploy.md); cookies are then secure and
# HSTS is sent. The Content Security Policy allows no inline script: page scripts live in static files.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", BEHIND_TLS_PROXY)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)  # one working day
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", BEHIND_TLS_PROXY)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if BEHIND_TLS_PROXY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = BEHIND_TLS_PROXY
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", BEHIND_TLS_PROXY)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],  # Leaflet sets inline styles on map elements
    "img-src": ["'self'", "data:", "blob:", *env_list("CSP_IMG_SOURCES")],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest Excel workbook the import accepts (bytes); larger files are refused with a message.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
# Exports of lists with at most this many rows are streamed at once; longer ones run as background jobs
# (progress bar, then a file to download). Export and report files of jobs are kept this many days.
EXPORT_INLINE_ROWS = env_int("EXPORT_INLINE_ROWS", 5000)
JOB_OUTPUT_DAYS = env_int("JOB_OUTPUT_DAYS", 7)

# Map tiles for Leaflet; empty means draw markers without a base map (offline installations).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")

# E-mail (reminders). With DEBUG and no EMAIL_HOST, mail is printed on the console (demo, development);
# otherwise it goes by SMTP to EMAIL_HOST (default: the local mail server, localhost:25).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST or "localhost",
                "port": env_int("EMAIL_PORT", 587 if EMAIL_HOST else 25),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", bool(EMAIL_HOST)),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST  # the deprecated EMAIL_* settings stay unset; MAILERS is the configuration
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "khuyencong <no-reply@localhost>")
# The address of the site in e-mails (links to the records), e.g. https://khuyencong.sct.lamdong.gov.vn
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Days ahead of a deadline that reminders start (each user can change theirs).
REMINDER_LEAD_DAYS = env_int("REMINDER_LEAD_DAYS", 7)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
