"""Settings, from environment variables with safe defaults (docs/deployment.md).

Embedded default: SQLite (WAL) under ``LINJA_DATA_DIR`` (``./var``) and the in-memory
channel layer; one process, no other service. Production: PostgreSQL through
``DATABASE_URL`` and Redis through ``REDIS_URL``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from linja.site.env import ConfigError, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent  # the linja package
DATA_DIR = Path(os.environ.get("LINJA_DATA_DIR", "var")).resolve()


def _secret_key() -> str:
    """``LINJA_SECRET_KEY``, or one made once for this installation and kept in the data
    folder (readable by its owner only)."""
    given = os.environ.get("LINJA_SECRET_KEY")
    if given:
        return given
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.touch(mode=0o600)
    path.write_text(key)
    return key


CONN_MAX_AGE = 300  # seconds a thread keeps its database connection


def _databases() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL")
    if url:
        try:
            # each thread keeps its connection (HTTP is served by a fixed pool of threads:
            # linja.site.asgi), checked before it is used again
            config = dj_database_url.parse(url, conn_max_age=CONN_MAX_AGE,
                                           conn_health_checks=True)  # fmt: skip
        except ValueError as exc:
            raise ConfigError(f"DATABASE_URL: {exc}") from None
        return {"default": config}
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "default": {
            "ENGINE": "linja.site.sqlite",  # Django's, writers in line (linja.site.sqlite.base)
            "NAME": DATA_DIR / "linja.sqlite3",
            "OPTIONS": {
                # WAL: readers never wait for the writer; IMMEDIATE: a writing transaction
                # takes the write lock at once instead of failing half-way
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "TEST": {"NAME": ":memory:"},  # as for Django's own SQLite backend
            "CONN_MAX_AGE": CONN_MAX_AGE,
        }
    }


def _channel_layers() -> dict[str, Any]:
    url = os.environ.get("REDIS_URL")
    if url:
        return {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": [url]},
            }
        }
    return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


SECRET_KEY = _secret_key()
DEBUG = env_bool("LINJA_DEBUG", default=False)
ALLOWED_HOSTS = env_list("LINJA_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("LINJA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "linja.site.apps.AdminConfig",  # django.contrib.admin on Linja's site (site/admin.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "linja.site",
    "linja.orgs",
    "linja.queues",
    "linja.contact",
    "linja.desk",
    "linja.chat",
    "linja.wallboard",
    "auditlog",
    "linja.audit",
    "ninja",  # its own copy of the API docs' scripts, not a CDN
    "linja.api",
]

MIDDLEWARE = [
    "linja.api.errors.JsonErrors",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "linja.api.auth.TokenMiddleware",
    "linja.audit.context.Middleware",  # before what changes a person: who, from where
    "linja.site.language.PersonLanguage",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "linja.site.urls"
ASGI_APPLICATION = "linja.site.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "admin_templates"],  # Linja's look of the admin
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "linja.site.context.navigation",
            ],
        },
    }
]

DATABASES = _databases()
CHANNEL_LAYERS = _channel_layers()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.Person"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]  # fmt: skip

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
# Linja's texts, then what Django's own catalogues lack in nb and nn (the admin's newest)
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "site" / "locale_django"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the vendored assets (htmx, Chart.js)
STATIC_ROOT = os.environ.get("LINJA_STATIC_ROOT") or None  # for collectstatic behind a proxy
WHITENOISE_USE_FINDERS = True  # serve the vendored assets without a collectstatic step

# the audit log (docs/audit.md): who, from where; a proxy's forwarded address is believed
# only from these addresses
LINJA_TRUSTED_PROXIES = env_list("LINJA_TRUSTED_PROXIES", [])
# the threads that serve HTTP requests (linja.site.asgi), each with its database connection
LINJA_HTTP_THREADS = env_int("LINJA_HTTP_THREADS", default=10, low=1, high=64)
LINJA_LOADTEST = env_bool("LINJA_LOADTEST", default=False)  # bot agents for `linja loadgen`
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("LINJA_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LINJA_LOG_LEVEL", "WARNING")},
}
