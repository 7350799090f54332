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
    "tyonjako.common",
    "tyonjako.organisation",
    "tyonjako.clients",
    "tyonjako.caseload",
    "tyonjako.assessments",
    "tyonjako.encounters",
    "tyonjako.tasks",
    "tyonjako.surveys",
    "tyonjako.reports",
    "tyonjako.audit",
    "tyonjako.web",
    "tyonjako.api",
    "tyonjako.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

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
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
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
# Exports at least this big (bytes) are parsed in a second process while the
# first writes (on a machine with more than one core); see docs/import-format.md.
IMPORT_PARSE_PROCESS_BYTES = env_int("TYONJAKO_IMPORT_PARSE_PROCESS_BYTES", 4_000_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every PDF step at INFO; keep its warnings only.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
