"""One settings module, driven by environment variables.

ONEWINDOW_ENV selects the mode: ``dev`` (the embedded demo: DEBUG, SQLite, throwaway keys
under var/), ``test`` (the test suite) or ``production`` (the default: every secret is
required and the process refuses to start without it).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("ONEWINDOW_VAR_DIR", PROJECT_DIR / "var"))

ENV = os.environ.get("ONEWINDOW_ENV", "production")
if ENV not in {"dev", "test", "production"}:
    raise ImproperlyConfigured(f"ONEWINDOW_ENV must be dev, test or production, not {ENV!r}")
DEV = ENV == "dev"
PRODUCTION = ENV == "production"
# Dev runs with DEBUG unless ONEWINDOW_DEBUG=0 (bench/lighthouse.py: production-like pages).
DEBUG = DEV and os.environ.get("ONEWINDOW_DEBUG", "1") != "0"


def _required(name: str, dev_default: str) -> str:
    value = os.environ.get(name)
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set when ONEWINDOW_ENV=production")
    return dev_default


SECRET_KEY = _required("ONEWINDOW_SECRET_KEY", "dev-only-insecure-secret-key-not-for-production")

# Master key for personal data at rest (SM4) and blind indexes (HMAC-SM3), 64 hex digits.
# In dev and test a throwaway key is generated under var/keys/ (see core.keys).
DATA_KEY = os.environ.get("ONEWINDOW_DATA_KEY", "")
DATA_KEY_FILE = os.environ.get("ONEWINDOW_DATA_KEY_FILE", "")
if PRODUCTION and not (DATA_KEY or DATA_KEY_FILE):
    raise ImproperlyConfigured(
        "ONEWINDOW_DATA_KEY or ONEWINDOW_DATA_KEY_FILE must be set when ONEWINDOW_ENV=production"
    )
KEYS_DIR = Path(os.environ.get("ONEWINDOW_KEYS_DIR", VAR_DIR / "keys"))

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "ONEWINDOW_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
    ).split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("ONEWINDOW_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "onewindow.accounts.admin_site.AdminConfig",  # django.contrib.admin, duty-checked
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "onewindow.core",
    "onewindow.accounts",
    "onewindow.catalog",
    "onewindow.registry",
    "onewindow.certificates",
    "onewindow.notifications",
    "onewindow.supervision",
    "onewindow.payments",
    "onewindow.cases",
    "onewindow.hotline",
    "onewindow.disclosure",
    "onewindow.participation",
    "onewindow.office",
    "onewindow.appointments",
    "onewindow.market",
    "onewindow.emergency",
    "onewindow.portal",
    "onewindow.workbench",
    "onewindow.api",
    "onewindow.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages gzipped; static files come pre-compressed from WhiteNoise, above.
    "onewindow.core.compression.TextGZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "onewindow.accounts.middleware.OfficialTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "onewindow.urls"
WSGI_APPLICATION = "onewindow.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "onewindow.portal.context_processors.preferences",
            ],
            "builtins": ["onewindow.core.templatetags.bilingual"],
        },
    },
]

# Database: SQLite file under var/ by default, PostgreSQL via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'onewindow.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so concurrent writers queue
    # instead of failing when a read lock is upgraded.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Officials pass TOTP two-factor login everywhere except the dev demo.
ONEWINDOW_REQUIRE_OTP = os.environ.get("ONEWINDOW_REQUIRE_OTP", "0" if DEV else "1") == "1"
OTP_TOTP_ISSUER = "OneWindow"
# An official's session ends after this many minutes without a request.
ONEWINDOW_OFFICIAL_IDLE_MINUTES = int(os.environ.get("ONEWINDOW_OFFICIAL_IDLE_MINUTES", "30"))

# Failed logins: five strikes per account, then a 30-minute lock (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("ONEWINDOW_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=30)
# Locked per account: a password guessed from many addresses is still stopped, and the many
# citizens behind one government-hall address are not locked out together.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

# Real-name verification (实名认证): the plug-in that checks names against ID numbers and credit
# codes. "registry" asks the platform's own base registries; see docs/security.md.
ONEWINDOW_IDENTITY_PROVIDER = os.environ.get("ONEWINDOW_IDENTITY_PROVIDER", "registry")


def _rate(name: str, default: str) -> tuple[int, int]:
    """A rate limit "hits/seconds" from ONEWINDOW_RATE_<NAME>, e.g. "10/3600"."""
    hits, seconds = os.environ.get(f"ONEWINDOW_RATE_{name.upper()}", default).split("/")
    return int(hits), int(seconds)


# SMS codes and attempts with them (registration, SMS sign-in, reclaim), per client address
# and per phone number, counted in the database so every worker shares them.
# Behind the load balancer the client's address is what the nearest proxy appended to
# X-Forwarded-For; this many proxies stand in front of the application.
ONEWINDOW_PROXY_COUNT = int(
    os.environ.get(
        "ONEWINDOW_PROXY_COUNT", "1" if os.environ.get("ONEWINDOW_BEHIND_PROXY") == "1" else "0"
    )
)
ONEWINDOW_RATE_LIMITS = {
    "code_send_address": _rate("code_send_address", "20/3600"),
    "code_send_number": _rate("code_send_number", "5/3600"),
    "code_try_address": _rate("code_try_address", "30/3600"),
    "code_try_number": _rate("code_try_number", "10/3600"),
    # Failed public progress lookups (办件进度查询, cases.progress) per address and case number.
    "progress_try_address": _rate("progress_try_address", "30/3600"),
    "progress_try_number": _rate("progress_try_number", "10/3600"),
    "phone_reveal": _rate("phone_reveal", "30/3600"),  # an official's reveals of phone numbers
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format per language (2026年12月5日 / 5 December 2026): onewindow/formats/<lang>/.
FORMAT_MODULE_PATH = ["onewindow.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
# Static files as production serves them: collected (`onewindow collectstatic`) under hashed
# names that WhiteNoise sends gzipped and cached for a year (immutable). Always in production;
# in dev with ONEWINDOW_COLLECTED_STATIC=1 and ONEWINDOW_DEBUG=0 (with DEBUG the names are
# unhashed), as bench/lighthouse.py measures the site.
COLLECTED_STATIC = PRODUCTION or os.environ.get("ONEWINDOW_COLLECTED_STATIC") == "1"
if not COLLECTED_STATIC:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves finders; keep it quiet
WHITENOISE_USE_FINDERS = not COLLECTED_STATIC
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if COLLECTED_STATIC
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# Security headers. Everything is served from our own origin; no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("ONEWINDOW_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = os.environ.get("ONEWINDOW_SSL_REDIRECT", "1") == "1"
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    if os.environ.get("ONEWINDOW_BEHIND_PROXY") == "1":
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "onewindow.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "onewindow.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OneWindow API",
    "DESCRIPTION": _("OneWindow e-government platform API"),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "HotlineKindEnum": "onewindow.hotline.models.Kind",
        "HotlineStatusEnum": "onewindow.hotline.models.Status",
        "HotlineNotAcceptedEnum": "onewindow.hotline.models.NotAccepted",
        "OfficeDocumentKindEnum": "onewindow.office.models.DocumentKind",
        "OfficeDocumentStatusEnum": "onewindow.office.models.DocumentStatus",
        "OfficeIncomingStatusEnum": "onewindow.office.incoming_models.IncomingStatus",
        "SupervisionStateEnum": "onewindow.supervision.models.State",
        "EmergencyResponseLevelEnum": "onewindow.emergency.plan_models.ResponseLevel",
        "EmergencyWarningLevelEnum": "onewindow.emergency.models.Level",
        "EmergencyResourceKindEnum": "onewindow.emergency.resource_models.ResourceKind",
        "EmergencyResourceStatusEnum": "onewindow.emergency.resource_models.ResourceStatus",
        "EmergencyDispatchStatusEnum": "onewindow.emergency.resource_models.DispatchStatus",
        "EmergencyDispatchMoveEnum": "onewindow.emergency.resource_models.MOVES",
        "EmergencyRequestStateEnum": "onewindow.emergency.resource_models.RequestState",
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Notification channels beside the in-app inbox: log (dev), sms, email.
# Payment providers (payments/providers): "counter" is the service centre's window.
ONEWINDOW_PAYMENT_PROVIDERS = [
    p.strip()
    for p in os.environ.get("ONEWINDOW_PAYMENT_PROVIDERS", "counter").split(",")
    if p.strip()
]
ONEWINDOW_NOTIFICATION_CHANNELS = [
    c.strip()
    for c in os.environ.get("ONEWINDOW_NOTIFICATION_CHANNELS", "log").split(",")
    if c.strip()
]
ONEWINDOW_SMS_GATEWAY = os.environ.get(
    "ONEWINDOW_SMS_GATEWAY", "onewindow.notifications.channels.contrib.sms.LogGateway"
)
# Uploaded materials: PDF, JPG, PNG or OFD, at most this size.
ONEWINDOW_MAX_UPLOAD_BYTES = int(os.environ.get("ONEWINDOW_MAX_UPLOAD_MB", "20")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = ONEWINDOW_MAX_UPLOAD_BYTES * 4
# Where the public reaches this platform: the QR code on every e-certificate opens
# <ONEWINDOW_PUBLIC_URL>/certificates/verify/<number>/?code=<verification code>.
# Defaults to https://<first allowed host> in production.
ONEWINDOW_PUBLIC_URL = os.environ.get(
    "ONEWINDOW_PUBLIC_URL",
    f"https://{(ALLOWED_HOSTS or ['localhost'])[0]}" if PRODUCTION else "http://127.0.0.1:8000",
).rstrip("/")
ONEWINDOW_WORKBENCH_PAGE_SIZE = int(os.environ.get("ONEWINDOW_WORKBENCH_PAGE_SIZE", "20"))
# Information-processing fees for plainly excessive disclosure requests (国办函〔2020〕109号):
# off unless the operator turns them on.
ONEWINDOW_DISCLOSURE_FEES = os.environ.get("ONEWINDOW_DISCLOSURE_FEES", "0") == "1"
# 规章制定程序条例 Art. 16: a draft is open for comments 一般不少于30日 (calendar days).
ONEWINDOW_PARTICIPATION_MIN_DAYS = int(os.environ.get("ONEWINDOW_PARTICIPATION_MIN_DAYS", "30"))

# Citizens' proposals (市民建议, docs/participation_proposals.md): the counted supports that
# oblige the responsible department to answer, gathered within this many calendar days of
# publication; proposals and supports are rate-limited per person and per address.
ONEWINDOW_PROPOSAL_THRESHOLD = int(os.environ.get("ONEWINDOW_PROPOSAL_THRESHOLD", "100"))
ONEWINDOW_PROPOSAL_PERIOD_DAYS = int(os.environ.get("ONEWINDOW_PROPOSAL_PERIOD_DAYS", "90"))
ONEWINDOW_RATE_LIMITS.update(
    {
        "proposal_person": _rate("proposal_person", "5/86400"),
        "proposal_address": _rate("proposal_address", "30/86400"),
        "support_person": _rate("support_person", "60/3600"),
        "support_address": _rate("support_address", "300/3600"),
        # comments on drafts: a person's daily limit per draft is in the service; these bound
        # a person across drafts and an address (an office or a family shares one)
        "comment_person": _rate("comment_person", "60/3600"),
        "comment_address": _rate("comment_address", "300/3600"),
    }
)

# Video meetings on a Janus WebRTC server (docs/operations_janus.md): unset, meeting pages say
# the conferencing server is not configured. The room secret defaults to SECRET_KEY.
ONEWINDOW_JANUS_URL = os.environ.get("ONEWINDOW_JANUS_URL", "")
ONEWINDOW_JANUS_PUBLIC_URL = os.environ.get("ONEWINDOW_JANUS_PUBLIC_URL", "")
ONEWINDOW_JANUS_ADMIN_KEY = os.environ.get("ONEWINDOW_JANUS_ADMIN_KEY", "")
ONEWINDOW_JANUS_ROOM_SECRET = os.environ.get("ONEWINDOW_JANUS_ROOM_SECRET", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ONEWINDOW_LOG_LEVEL", "INFO")},
    # fontTools logs every glyph subset of every PDF at INFO, SpiffWorkflow every task's state
    # change; the case's own timeline and audit chain record what happened.
    "loggers": {
        "axes": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "spiff": {"level": "WARNING"},
        # pypdf warns of every damaged cross-reference table it repairs while uploads are checked.
        "pypdf": {"level": "ERROR"},
    },
}
