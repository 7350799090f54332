"""Settings of Työnjako: one module, every value from a typed environment variable.

Safe defaults exist only for the local demo (DEBUG on). With DEBUG off the
secrets must be given, or the program refuses to start.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from tyonjako.common.env import EnvError, env_bool, env_int, env_list, env_path, env_str

# Lets admin classes be subscripted at run time, as the type checker wants.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

DEBUG = env_bool("DEBUG", False)
DATA_DIR = env_path("TYONJAKO_DATA_DIR", PROJECT_DIR / "data")

_DEMO_SECRET = "demo-only-secret-key-not-for-production-use-0123456789abcdef"
_DEMO_PSEUDONYM_KEY = "demo-only-pseudonym-key"

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", _DEMO_SECRET)
    PSEUDONYM_KEY = env_str("TYONJAKO_PSEUDONYM_KEY", _DEMO_PSEUDONYM_KEY).encode()
else:
    SECRET_KEY = env_str("SECRET_KEY")
    PSEUDONYM_KEY = env_str("TYONJAKO_PSEUDONYM_KEY").encode()
    if SECRET_KEY == _DEMO_SECRET or len(SECRET_KEY) < 50:
        raise EnvError("SECRET_KEY: with DEBUG off it must be a random value of 50+ characters")
    if _DEMO_PSEUDONYM_KEY.encode() == PSEUDONYM_KEY or len(PSEUDONYM_KEY) < 32:
        raise EnvError(
            "TYONJAKO_PSEUDONYM_KEY: with DEBUG off it must be a random value of 32+ characters"
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mozilla_django_oidc",
    "rest_framework.authtoken",
    "django_tasks",
    "django_tasks_db",
    "tyonjako.common",
    "tyonjako.organisation",
    "tyonjako.clients",
    "tyonjako.caseload",
    "tyonjako.assessments",
    "tyonjako.encounters",
    "tyonjako.tasks",
    "tyonjako.pilots",
    "tyonjako.staffing",
    "tyonjako.surveys",
    "tyonjako.reports",
    "tyonjako.audit",
    "tyonjako.web",
    "tyonjako.api",
    "tyonjako.demo",
    "tyonjako.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Finnish unless chosen; Swedish to a browser that asks for it (not Django's negotiation).
    "tyonjako.web.middleware.FinnishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tyonjako.web.security.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tyonjako.web.middleware.refuse_hetu_in_url",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "tyonjako.web.security.HeadersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "tyonjako.web.bad_input.BadInputMiddleware",
    # Last, as django-axes asks: it answers a locked-out log-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tyonjako.urls"
WSGI_APPLICATION = "tyonjako.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tyonjako.web.context_processors.navigation",
            ],
        },
    }
]


def _database() -> dict[str, object]:
    url = env_str("DATABASE_URL", "")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "tyonjako.sqlite3",
            # A 64 MB page cache (the default is 2 MB): an import of a million
            # encounters updates indexes larger than the default cache.
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
                )
            },
        }
    try:
        config = dict(dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60)))
    except ValueError as error:
        raise EnvError(f"DATABASE_URL: {error}") from None
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["tyonjako.formats"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env_bool("TYONJAKO_MANIFEST_STATIC", True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Security: strict unless DEBUG. TLS is terminated by the reverse proxy in front.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("TYONJAKO_SESSION_SECONDS", 8 * 3600)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The health check answers on plain HTTP too (the proxy and systemd ask it on loopback).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# ---------------------------------------------------------------------------
# Log-in, second factor, single sign-on, API authentication and response
# headers (issue 13 §4–5, docs/security.md). Kept in one block on purpose.
# ---------------------------------------------------------------------------
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Local accounts: 12+ characters, not common, not all digits, not like the
# username. The demo users' password `demo` is set directly by `tyonjako demo`
# (DEBUG only), which validators do not see.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("TYONJAKO_PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Single sign-on with OpenID Connect: on when TYONJAKO_OIDC_ISSUER is given.
# Roles and teams still come from the organisation file: the provider only
# says who the person is (tyonjako/web/oidc.py never creates a user).
OIDC_ISSUER = env_str("TYONJAKO_OIDC_ISSUER", "").rstrip("/")
OIDC_ENABLED = bool(OIDC_ISSUER)
OIDC_RP_CLIENT_ID = env_str("TYONJAKO_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("TYONJAKO_OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = env_str("TYONJAKO_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("TYONJAKO_OIDC_SCOPES", "openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str(
    "TYONJAKO_OIDC_AUTHORIZATION_ENDPOINT", f"{OIDC_ISSUER}/auth"
)
OIDC_OP_TOKEN_ENDPOINT = env_str("TYONJAKO_OIDC_TOKEN_ENDPOINT", f"{OIDC_ISSUER}/token")
OIDC_OP_USER_ENDPOINT = env_str("TYONJAKO_OIDC_USERINFO_ENDPOINT", f"{OIDC_ISSUER}/me")
OIDC_OP_JWKS_ENDPOINT = env_str("TYONJAKO_OIDC_JWKS_ENDPOINT", f"{OIDC_ISSUER}/jwks")
# Which claim names the person, and which user field it must equal:
# "username" (the organisation file's username) or "email".
OIDC_USERNAME_CLAIM = env_str("TYONJAKO_OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_MATCH_FIELD = env_str("TYONJAKO_OIDC_MATCH_FIELD", "username")
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_STORE_ID_TOKEN = False
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = env_int("TYONJAKO_OIDC_RENEW_SECONDS", 15 * 60)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?sso=failed"

AUTHENTICATION_BACKENDS = [
    # django-axes first: a locked account is refused before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    *(["tyonjako.web.oidc.OrganisationOIDCBackend"] if OIDC_ENABLED else []),
    "django.contrib.auth.backends.ModelBackend",
]

# Lock-out after repeated failed log-ins (django-axes): per username, for an hour.
AXES_ENABLED = env_bool("TYONJAKO_LOCKOUT", True)
AXES_FAILURE_LIMIT = env_int("TYONJAKO_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = env_int("TYONJAKO_LOCKOUT_MINUTES", 60) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks to lock addresses too. We lock accounts: a whole office shares
# one address behind its firewall, and one person's typos must not lock it out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("TYONJAKO_PROXY_COUNT", 0 if DEBUG else 1)
AXES_VERBOSE = False

# A second factor (TOTP, django-otp) for administrators always, and for every
# account that logs in with a local password. Off by default only with DEBUG
# (the demo); the tests turn it on where they test it.
OTP_REQUIRED = env_bool("TYONJAKO_OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "Työnjako"

# The API: session (the pages' own calls) and token; HTTP Basic only with DEBUG.
API_AUTHENTICATION_CLASSES = [
    "rest_framework.authentication.SessionAuthentication",
    "rest_framework.authentication.TokenAuthentication",
    *(["rest_framework.authentication.BasicAuthentication"] if DEBUG else []),
]

# Content-Security-Policy (django-csp 4): no inline script or style anywhere;
# pages read their data from json_script blocks (type application/json).
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
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", *([OIDC_ISSUER] if OIDC_ENABLED else [])],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# ---------------------------------------------------------------------------


REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": API_AUTHENTICATION_CLASSES,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "tyonjako.api.exceptions.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "EXCEPTION_HANDLER": "tyonjako.api.exceptions.logging_exception_handler",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Työnjako API",
    "DESCRIPTION": "Division of labour between social workers and social counsellors.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tyonjako.api.schema_hooks.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "AssignmentKindEnum": "tyonjako.caseload.models.AssignmentKind",
        "TeamKindEnum": "tyonjako.organisation.choices.TeamKind",
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False
# How long access logs are kept. The law gives no figure; Kanta keeps its own
# logs 12 years, so we default to that and say it is an assumption (docs).
AUDIT_RETENTION_YEARS = env_int("TYONJAKO_AUDIT_RETENTION_YEARS", 12)
SMALL_CELL_THRESHOLD = env_int("TYONJAKO_SMALL_CELL_THRESHOLD", 5)
# A client waiting this many days or more is marked as a long wait in the intake queue.
QUEUE_LONG_WAIT_DAYS = env_int("TYONJAKO_QUEUE_LONG_WAIT_DAYS", 30)
# A worker above this multiple of the team's median weighted load is marked overloaded
# in the suggestions (in percent: 150 = 1.5 times the median).
CASELOAD_OVERLOAD_MULTIPLE = env_int("TYONJAKO_OVERLOAD_PERCENT", 150) / 100
# Exports at least this big (bytes) are parsed in a second process while the
# first writes (on a machine with more than one core); see docs/import-format.md.
IMPORT_PARSE_PROCESS_BYTES = env_int("TYONJAKO_IMPORT_PARSE_PROCESS_BYTES", 4_000_000)
# Limits of an import file (docs/security.md, "Files"): its size in bytes (also the
# largest upload), its rows, its columns, and the cells of an XLSX sheet's block from
# its first to its last cell (what the reader allocates).
IMPORT_MAX_BYTES = env_int("TYONJAKO_IMPORT_MAX_BYTES", 1_000_000_000)
IMPORT_MAX_ROWS = env_int("TYONJAKO_IMPORT_MAX_ROWS", 2_000_000)
IMPORT_MAX_COLUMNS = env_int("TYONJAKO_IMPORT_MAX_COLUMNS", 200)
IMPORT_MAX_CELLS = env_int("TYONJAKO_IMPORT_MAX_CELLS", 60_000_000)
# The county's duration bands (aikaporrastus): the minute bounds between them, e.g.
# "15,30,60,90" → under 15, 15–29, 30–59, 60–89, 90 or more (docs/import-format.md).
try:
    DURATION_BAND_BOUNDS = tuple(
        int(b) for b in env_list("TYONJAKO_DURATION_BANDS", ["15", "30", "60", "90"])
    )
except ValueError:
    raise EnvError("TYONJAKO_DURATION_BANDS: expected whole minutes, e.g. 15,30,60,90") from None
# Uploads are private to the server's user and deleted when their import ends.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Background jobs: django-tasks with its database backend (no extra server); `tyonjako
# worker` runs them and the schedule (docs/jobs.md). The tests run jobs inline.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every handler masks identity codes (a code typed into an address reaches the log).
    "filters": {"mask_hetu": {"()": "tyonjako.common.logfilters.MaskHetuFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_hetu"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every PDF step at INFO; keep its warnings only.
    # Django's own loggers (its default console handler, the runserver access log) are
    # sent to the root handler above, so that the mask applies to them too.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
        "weasyprint": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
