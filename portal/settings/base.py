"""The portal as a Django site: environment, apps, database, broker, accounts, security.

Development needs nothing set: SQLite under var/, a filesystem Celery broker and a
file cache. Production (`PORTAL_ENV=production`) refuses to start without a secret key,
allowed hosts and a real database.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host

from portal.env import env_bool, env_int, env_list, env_str, refuse_placeholder_key

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("PORTAL_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

PORTAL_ENV = env_str("PORTAL_ENV", "development")
if PORTAL_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured("PORTAL_ENV must be development, production or test")
PRODUCTION = PORTAL_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "frontend",
    "accounts",
    "outbound",
    "dtro_app",
    "documents",
    "sandbox",
    "streetworks",
    "imports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireSupervisorMfaMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "frontend.context_processors.service",
                "dtro_app.membership.context_processors.page_furniture",
                "dtro_app.publishing.context_processors.service_outage",
            ],
        },
    },
]
FORM_RENDERER = "frontend.forms.GovukFormRenderer"

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # Tests close connections after each request so live-server threads never keep the test
    # database open past teardown.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=0 if PORTAL_ENV == "test" else 60
        )
    }
    if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool(
        "DATABASE_PREPARED_STATEMENTS", default=True
    ):
        # Parameters travel apart from the SQL and psycopg prepares a statement once a
        # connection has run it five times, so PostgreSQL parses and plans the delivery
        # loop's queries once per connection rather than every time. Set false behind a
        # transaction-mode PgBouncer (which cannot keep prepared statements).
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=5
        )
else:
    if PRODUCTION:
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "portal.sqlite3"),
            # The web server, worker and beat share one file: wait for locks and take the
            # write lock up front rather than failing with "database is locked".
            "OPTIONS": {
                "timeout": 30,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
if PRODUCTION and DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    raise ImproperlyConfigured("Production needs PostgreSQL; SQLite is for development only")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and broker -----------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("CACHE_REDIS_URL", REDIS_URL),
            "KEY_PREFIX": "dtro-portal",
        }
    }
else:
    # A file cache is shared by every process on the machine (web, worker, beat).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# Celery is configured for at-least-once delivery. The database outbox is the source of
# truth and the broker only speeds things up: tasks are acknowledged late, requeued if
# their worker dies, and must therefore be idempotent (see dtro_app.publishing).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
    # Longer than any countdown we schedule plus the hard time limit, so Redis never
    # redelivers a task that is merely waiting; longer waits live in the database.
    "visibility_timeout": 60 * 60,
}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "broker" / "queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "broker" / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS.update(
        data_folder_in=str(_queue_dir),
        data_folder_out=str(_queue_dir),
        processed_folder=str(VAR_DIR / "broker" / "processed"),
        control_folder=str(VAR_DIR / "broker" / "control"),
        store_processed=False,
    )
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS.update(
        # Notice a dead or half-open connection (Redis restarted, a NAT dropped it) instead
        # of waiting on it, and retry a command that timed out once the link is back.
        socket_keepalive=True,
        socket_connect_timeout=5,
        retry_on_timeout=True,
        health_check_interval=25,
    )
# Workers and beat outlive a broker restart or outage: they reconnect for as long as it
# takes (Celery's default gives up after 100 tries and the process exits), at startup too.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing happens after commit, in the request; with the broker down, give up quickly
# (the outbox row is saved and the sweeper enqueues it later) rather than hang the page.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# Celery's Django fixup closes every database connection before and after each task unless
# this is set, which costs a PostgreSQL connection (a backend fork) per delivery. With it,
# portal.celery closes connections after a task only as Django would after a request:
# when CONN_MAX_AGE has passed or the connection is broken.
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 1000)
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The hour (UTC) at which supervisors who chose it get their digest of orders awaiting them.
APPROVAL_DIGEST_HOUR_UTC = env_int("APPROVAL_DIGEST_HOUR_UTC", 7)
CELERY_TIMEZONE = "UTC"
# Periodic jobs; each feature adds its entry here.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "refresh-schemas-daily": {"task": "dtro_app.refresh_schemas", "schedule": 24 * 60 * 60},
    "sweep-outbox": {
        "task": "dtro_app.sweep_outbox",
        "schedule": env_int("DELIVERY_SWEEP_SECONDS", 30),
    },
    "street-manager-sync": {
        "task": "streetworks.sync_works_updates",
        "schedule": env_int("STREET_MANAGER_SYNC_SECONDS", 5 * 60),
    },
    # Orders whose end has passed become Expired (dtro_app.models.status).
    "expire-ended-orders": {"task": "dtro_app.expire_ended_orders", "schedule": 60},
    "approval-digests-daily": {
        "task": "dtro_app.send_approval_digests",
        "schedule": crontab(hour=APPROVAL_DIGEST_HOUR_UTC, minute=0),
    },
    # Imports whose worker stopped (or whose first message never reached the broker) resume.
    "resume-stalled-imports": {"task": "imports.resume_stalled_batches", "schedule": 5 * 60},
}

# --- Authentication -------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if PORTAL_ENV == "test":
    # Tests create many users; a fast hasher keeps the suite quick (never used elsewhere).
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dtro_app:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "accounts.adapter.PortalAccountAdapter"
ACCOUNT_SESSION_REMEMBER = False
# Our own lockout (accounts.lockout) replaces allauth's login_failed limit, which keys on the
# email alone (anyone could lock anyone out). Turning it off also turns off allauth's limit on
# authenticator codes, so accounts.forms puts a per-user limit on those (MFA_FORMS below).
ACCOUNT_RATE_LIMITS = {"login_failed": False}
PORTAL_ALLOW_SIGNUP = env_bool("PORTAL_ALLOW_SIGNUP", default=False)
# Password step, per account and client address: 5 failures in 5 minutes lock for 5 minutes.
PORTAL_LOCKOUT_FAILURES = env_int("PORTAL_LOCKOUT_FAILURES", 5)
PORTAL_LOCKOUT_WINDOW_SECONDS = env_int("PORTAL_LOCKOUT_WINDOW_SECONDS", 300)
PORTAL_LOCKOUT_SECONDS = env_int("PORTAL_LOCKOUT_SECONDS", 300)
# Password step, per account from any address where its right password was not given within
# the last 30 days: 20 failures in an hour lock for 15 minutes.
PORTAL_ACCOUNT_LOCKOUT_FAILURES = env_int("PORTAL_ACCOUNT_LOCKOUT_FAILURES", 20)
PORTAL_ACCOUNT_LOCKOUT_WINDOW_SECONDS = env_int("PORTAL_ACCOUNT_LOCKOUT_WINDOW_SECONDS", 3600)
PORTAL_ACCOUNT_LOCKOUT_SECONDS = env_int("PORTAL_ACCOUNT_LOCKOUT_SECONDS", 900)
PORTAL_LOCKOUT_KNOWN_ADDRESS_DAYS = env_int("PORTAL_LOCKOUT_KNOWN_ADDRESS_DAYS", 30)
# Authenticator codes, per user: 5 wrong codes in 15 minutes lock the step for 15 minutes.
PORTAL_MFA_LOCKOUT_FAILURES = env_int("PORTAL_MFA_LOCKOUT_FAILURES", 5)
PORTAL_MFA_LOCKOUT_WINDOW_SECONDS = env_int("PORTAL_MFA_LOCKOUT_WINDOW_SECONDS", 900)
PORTAL_MFA_LOCKOUT_SECONDS = env_int("PORTAL_MFA_LOCKOUT_SECONDS", 900)
# How many reverse proxies append to X-Forwarded-For in front of the portal; 0 (the default)
# means the client address is REMOTE_ADDR and the header is ignored (frontend.client_address).
PORTAL_TRUSTED_PROXY_COUNT = env_int("PORTAL_TRUSTED_PROXY_COUNT", 0)
# On in production; off elsewhere so the demo and tests sign in without an authenticator.
PORTAL_REQUIRE_MFA_FOR_SUPERVISORS = env_bool(
    "PORTAL_REQUIRE_MFA_FOR_SUPERVISORS", default=PRODUCTION
)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_FORMS = {
    "authenticate": "accounts.forms.PortalAuthenticateForm",
    "reauthenticate": "accounts.forms.PortalReauthenticateForm",
}
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "D-TRO portal")

# --- Email ----------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "dtro-portal@localhost")

# --- Security -------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Production is HTTPS-only unless an operator says otherwise (the load balancer terminates TLS
# and sets X-Forwarded-Proto, below); /healthz, /readyz and /metrics stay plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
# Joining the browsers' preload list is the registrable domain's owner's decision (the list
# takes whole domains, not a council's portal host), so it is opt-in and its reminder is off.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
# Only our own origin: no CDN, no inline script, no inline style.
# portal.settings.services adds the map's tile server (MAP_TILE_URL), when set, to img-src.
CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
)
# Secrets stored in the database (API credentials) are encrypted with this key.
FIELD_ENCRYPTION_KEY = env_str("FIELD_ENCRYPTION_KEY")
if not FIELD_ENCRYPTION_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set in production")
    # Development only: a stable key derived from the (development) secret key.
    FIELD_ENCRYPTION_KEY = base64.urlsafe_b64encode(
        hashlib.sha256(SECRET_KEY.encode()).digest()
    ).decode()
if PRODUCTION:
    refuse_placeholder_key("SECRET_KEY", SECRET_KEY)
    refuse_placeholder_key("FIELD_ENCRYPTION_KEY", FIELD_ENCRYPTION_KEY)

# --- Internationalisation and static files --------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploaded files (a TRA's logo). Never served from a URL of their own: dtro_app.membership.views
# streams each with its checked type and nosniff. In compose, keep PORTAL_VAR_DIR on a volume.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Outside production, serve straight from static/ without collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Large D-TRO uploads are streamed to disk and checked by the validation package.
DATA_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- The product ----------------------------------------------------------------------
SERVICE_NAME = env_str("SERVICE_NAME", "Publish traffic regulation orders")
PHASE_BANNER = env_str("PHASE_BANNER", "Beta")


def _default_spec_dir() -> str:
    shared = BASE_DIR.parent / "shared" / "dtro-spec"
    return str(shared) if shared.exists() else ""


DTRO_SPEC_DIR = env_str("DTRO_SPEC_DIR", _default_spec_dir())
# The address of this portal, for links in emails (built outside any request, by workers).
PORTAL_SITE_URL = env_str(
    "PORTAL_SITE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION else "http://127.0.0.1:8000",
).rstrip("/")
if PRODUCTION and not validate_host(urlsplit(PORTAL_SITE_URL).hostname or "", ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        "PORTAL_SITE_URL's host must be one of ALLOWED_HOSTS (emailed links are built for it)"
    )
# Which of a TRA's credentials approved changes are published with.
DTRO_PUBLISH_ENVIRONMENT = env_str(
    "DTRO_PUBLISH_ENVIRONMENT", "production" if PORTAL_ENV == "production" else "sandbox"
)
# The environments whose service offers the provision-level endpoints (`/provisions...`):
# there a change touching a few provisions is sent provision by provision, elsewhere whole.
# Whether DfT's production offers them is not yet known (see docs/delivery.md).
DTRO_PROVISION_LEVEL_ENVIRONMENTS = frozenset(
    name.strip()
    for name in env_str("DTRO_PROVISION_LEVEL_ENVIRONMENTS", "sandbox").split(",")
    if name.strip()
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
