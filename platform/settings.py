"""Django settings for Sokoguru.

Configuration comes from the environment (12-factor); every default is safe for the demo on one
machine. Production sets ``SOKOGURU_ENV=production``, ``DATABASE_URL``, ``CELERY_BROKER_URL``,
``REDIS_URL``, ``SECRET_KEY`` and ``PLATFORM_DOMAIN``.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from sokoguru.platform import embedded

BASE_DIR = Path(__file__).resolve().parent
HOME = embedded.home()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


ENVIRONMENT = os.environ.get("SOKOGURU_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("SOKOGURU_DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else "sokoguru-insecure-development-key")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when SOKOGURU_ENV=production")

# Cooperatives live at <slug>.<PLATFORM_DOMAIN>; the platform (federation) at PLATFORM_DOMAIN.
# *.localhost resolves to the loopback address in browsers and curl, so the demo needs no
# /etc/hosts edits.
PLATFORM_DOMAIN = os.environ.get("PLATFORM_DOMAIN", "localhost")
ALLOWED_HOSTS = [PLATFORM_DOMAIN, f".{PLATFORM_DOMAIN}"]
if not PRODUCTION:
    ALLOWED_HOSTS += ["testserver", ".testserver"]  # Django's test client

# --- Database -----------------------------------------------------------------------------


def _database_from_url(url: str) -> dict:
    parsed = urlparse(url)
    return {
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
    }


DATABASE_URL = os.environ.get("DATABASE_URL")
if DATABASE_URL:
    _db = _database_from_url(DATABASE_URL)
    # Another database on the same server (benchmarks, a worker started on the test database).
    _db["NAME"] = os.environ.get("SOKOGURU_DB_NAME") or _db["NAME"]
    EMBEDDED_DATABASE = False
else:
    _db = embedded.ensure_server()
    _db.pop("_server")
    embedded.ensure_database(_db)
    EMBEDDED_DATABASE = True

DATABASES = {
    "default": {
        "ENGINE": "sokoguru.platform.tenancy.backend",
        **_db,
        "CONN_MAX_AGE": int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"NAME": os.environ.get("SOKOGURU_TEST_DB_NAME", f"test_{_db['NAME']}")},
    }
}
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Tenancy ------------------------------------------------------------------------------

TENANT_MODEL = "tenancy.Cooperative"
TENANT_DOMAIN_MODEL = "tenancy.Domain"
PUBLIC_SCHEMA_NAME = "public"
TENANT_LIMIT_SET_CALLS = True
SHOW_PUBLIC_IF_NO_TENANT_FOUND = False

SHARED_APPS = [
    # Before django_tenants: its management commands win, so `sokoguru migrate` is Sokoguru's
    # (public schema, then only the cooperatives that are behind; see deploy/SCALING.md).
    "sokoguru.platform.core",
    "django_tenants",
    "sokoguru.platform.tenancy",
    "sokoguru.platform.accounts",
    "sokoguru.platform.audit",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "graphene_django",
    "django_filters",
    "django_htmx",
    "sokoguru.federation.oversight",
    "sokoguru.federation.sekunder",
    "sokoguru.federation.consent",
    "sokoguru.federation.snapshots",
    "sokoguru.federation.housing",
    "sokoguru.federation.dashboard",
    "sokoguru.federation.catalogue",
    "sokoguru.federation.reports",
    "sokoguru.graphql.core",
]

# Apps whose tables live in every cooperative's schema. No Django contrib app is here: the
# tenant schemas stay small (see deploy/SCALING.md).
TENANT_APPS: list[str] = [
    "sokoguru.tenants.profile",
    "sokoguru.tenants.ledger",
    "sokoguru.tenants.bylaws",
    "sokoguru.tenants.members",
    "sokoguru.tenants.savings",
    "sokoguru.tenants.loans",
    "sokoguru.tenants.shu",
    "sokoguru.tenants.intercoop",
    "sokoguru.tenants.production",
    "sokoguru.tenants.workflows",
    "sokoguru.tenants.wastebank",
    "sokoguru.tenants.meetings",
    "sokoguru.tenants.health",
    # The cooperative's web pages (no tables of its own).
    "sokoguru.tenants.workspace",
]

# Called inside a new cooperative's schema, in the provisioning transaction, in this order.
TENANT_PROVISION_HOOKS = [
    "sokoguru.tenants.profile.services.profile_install",
    "sokoguru.tenants.ledger.services.chart_install",
    "sokoguru.tenants.bylaws.services.bylaws_install",
    "sokoguru.tenants.members.services.member_numbers_install",
    "sokoguru.tenants.loans.services.loans_install",
    "sokoguru.tenants.wastebank.services.wastebank_install",
]

INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

MIDDLEWARE = [
    "sokoguru.platform.tenancy.middleware.CooperativeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "sokoguru.platform.core.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "sokoguru.platform.core.middleware.CooperativeLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sokoguru.platform.accounts.middleware.CooperativeAccessMiddleware",
    "sokoguru.platform.audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "sokoguru.platform.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "sokoguru.platform.urls_public"

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
            ],
        },
    }
]

WSGI_APPLICATION = "sokoguru.platform.wsgi.application"

# Demo seed steps, run in order by `sokoguru demo` (each `step(*, ctx)`); named by string so the
# platform never imports the outer layers.
DEMO_STEPS = [
    "sokoguru.platform.tenancy.demo.seed_registry",
    "sokoguru.tenants.ledger.demo.seed",
    "sokoguru.tenants.profile.demo.seed",
    "sokoguru.tenants.bylaws.demo.seed",
    "sokoguru.tenants.members.demo.seed",
    "sokoguru.tenants.savings.demo.seed",
    "sokoguru.tenants.members.demo.seed_officers",
    "sokoguru.tenants.loans.demo.seed",
    "sokoguru.tenants.intercoop.demo.seed",
    "sokoguru.tenants.wastebank.demo.seed",
    "sokoguru.tenants.production.demo.seed",
    "sokoguru.tenants.shu.demo.seed",
    "sokoguru.tenants.meetings.demo.seed",
    "sokoguru.tenants.health.demo.seed",
    "sokoguru.federation.oversight.demo.seed",
    "sokoguru.federation.catalogue.demo.seed",
    "sokoguru.federation.snapshots.demo.seed",
    "sokoguru.federation.housing.demo.seed",
]

# Benchmarks run by `sokoguru bench NAME`: each a `run(**params)` returning
# {"name", "params", "results", "baseline", "ratio"}; named by string so any layer can add its own.
BENCHMARKS = {
    "provision": "sokoguru.platform.bench.provision.run",
    "migrate-noop": "sokoguru.platform.bench.migrate_noop.run",
    "migrate-real": "sokoguru.platform.bench.migrate_real.run",
    "federation": "sokoguru.federation.snapshots.bench.run",
    "ledger": "sokoguru.tenants.ledger.bench.run",
    "workspace": "sokoguru.tenants.workspace.bench.run",
    "catalogue": "sokoguru.federation.catalogue.bench.run",
    "reports": "sokoguru.federation.reports.bench.run",
    "health": "sokoguru.tenants.health.bench.run",
    "load": "sokoguru.federation.snapshots.load_bench.run",
    "backend-memory": "sokoguru.platform.bench.backend_memory.run",
}

# --- Accounts -----------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Every login goes through the throttle (platform/accounts/throttle.py): after this many failures
# for one account, or from one address, within the window, logins are refused until it passes.
AUTHENTICATION_BACKENDS = ["sokoguru.platform.accounts.throttle.ThrottledModelBackend"]
LOGIN_MAX_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ACCOUNT", "5"))
LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ADDRESS", "20"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", "900"))
# Bearer tokens of API clients (POST /api/token/): days until they expire.
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "30"))
LOGIN_URL = "/admin/login/"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
# Host-only cookies: a cookie set on one cooperative's host is never sent to another's; a
# replayed one is refused by CooperativeAccessMiddleware (sessions are bound to a schema).
SESSION_COOKIE_DOMAIN = None

# --- Audit -------------------------------------------------------------------------------

# Changes to money, roles, consent, by-laws and periods go to the append-only audit log
# (platform/audit): one registry, by "app_label.ModelName"; personal fields are never copied.
AUDITED_MODELS = [
    "accounts.CooperativeRole",
    "consent.Consent",
    "bylaws.BylawsVersion",
    "ledger.FiscalPeriod",
    "ledger.JournalTransaction",
    "loans.LoanProduct",
    "loans.LoanSettings",
    "loans.Loan",
]
AUDIT_EXCLUDED_FIELDS = ["nik", "phone", "address", "password", "birth_date"]

# --- Language, time, money ----------------------------------------------------------------

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# --- Static and media (media per tenant) --------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = HOME / "media"
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Cache (tenant-prefixed keys) ---------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    _cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
else:
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {
    "default": {
        **_cache,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}
# Registry version for the host → cooperative cache of every web process (not tenant-prefixed).
CACHES["registry"] = {**_cache, "KEY_PREFIX": "sokoguru-registry"}
# Seconds a web process trusts its cached host → cooperative entry without a registry change
# signal (a safety net for processes that share no cache, e.g. a CLI deactivation on LocMem).
TENANCY_HOST_CACHE_SECONDS = int(os.environ.get("TENANCY_HOST_CACHE_SECONDS", "30"))

# --- Celery -------------------------------------------------------------------------------

# Production: Redis. With no broker configured, a server-less broker (kombu's filesystem
# transport under .sokoguru/broker) still gives a real worker and beat in separate processes.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_IS_SERVERLESS = CELERY_BROKER_URL.startswith("filesystem://")
BROKER_DIR = Path(os.environ.get("SOKOGURU_BROKER_DIR", HOME / "broker"))
if CELERY_BROKER_IS_SERVERLESS:
    for _sub in ("out", "processed"):
        (BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "out"),
        "data_folder_out": str(BROKER_DIR / "out"),
        "data_folder_processed": str(BROKER_DIR / "processed"),
        "store_processed": False,
    }
else:
    # Redis: a message a worker took but never acknowledged (the worker was killed mid-task) is
    # handed out again once the visibility timeout has passed; it must exceed the longest
    # countdown in use (snapshot chunks are spread over minutes) and the longest task.
    _visibility = int(os.environ.get("SOKOGURU_CELERY_VISIBILITY_TIMEOUT", "3600"))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": _visibility,
        # A short timeout is only useful when the sweep for expired messages runs as often.
        "unacked_restore_throttle": 1 if _visibility < 600 else 10,
        "unacked_restore_interval": 1 if _visibility < 600 else 10,
    }
# The queue tasks go to and workers consume: deployments sharing one Redis keep theirs apart.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("SOKOGURU_CELERY_QUEUE", "celery")
if os.environ.get("CELERY_RESULT_BACKEND"):
    CELERY_RESULT_BACKEND = os.environ["CELERY_RESULT_BACKEND"]
elif CELERY_BROKER_IS_SERVERLESS:
    (HOME / "results").mkdir(parents=True, exist_ok=True)
    CELERY_RESULT_BACKEND = f"file://{HOME / 'results'}"
else:
    CELERY_RESULT_BACKEND = CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else None
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE_FILENAME = str(HOME / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {}
# Pre-built spare cooperative schemas (platform/tenancy/spares.py): provisioning renames one
# instead of replaying the template DDL. 0 = always build cold.
SOKOGURU_SPARE_SCHEMAS = int(os.environ.get("SOKOGURU_SPARE_SCHEMAS", "0"))
if SOKOGURU_SPARE_SCHEMAS:
    CELERY_BEAT_SCHEDULE["tenancy-spares-refill"] = {
        "task": "sokoguru.tenancy.spares_refill",
        "schedule": 600.0,
    }
# Federation snapshots: nightly closing snapshot of every cooperative, the debounced refresher of
# cooperatives whose books changed, and pruning of daily rows older than 90 days.
CELERY_BEAT_SCHEDULE["federation-snapshots-nightly"] = {
    "task": "sokoguru.federation.snapshots.refresh_all",
    "schedule": crontab(hour=0, minute=30),
}
CELERY_BEAT_SCHEDULE["federation-snapshots-changed"] = {
    "task": "sokoguru.federation.snapshots.refresh_changed",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["federation-snapshots-prune"] = {
    "task": "sokoguru.federation.snapshots.prune",
    "schedule": crontab(hour=3, minute=15),
}
# The public catalogue: republish the projection of cooperatives whose products changed.
CELERY_BEAT_SCHEDULE["federation-catalogue-changed"] = {
    "task": "sokoguru.federation.catalogue.publish_changed",
    "schedule": 30.0,
}
# Oversight reports: the last month's report mailed to the officials who opted in, on the 2nd
# (after the month-end snapshots of the 1st). Regions up to REPORTS_SYNC_MAX_COOPERATIVES are
# rendered in the request; larger ones by a Celery job with progress.
CELERY_BEAT_SCHEDULE["federation-reports-monthly-email"] = {
    "task": "sokoguru.federation.reports.monthly_email",
    "schedule": crontab(day_of_month=2, hour=6, minute=0),
}
REPORTS_SYNC_MAX_COOPERATIVES = int(os.environ.get("REPORTS_SYNC_MAX_COOPERATIVES", "100"))
FEDERATION_SNAPSHOT_DEBOUNCE_SECONDS = int(os.environ.get("FEDERATION_SNAPSHOT_DEBOUNCE", "120"))
FEDERATION_SNAPSHOT_CHUNK_SIZE = 50
FEDERATION_SNAPSHOT_CHUNK_SPACING_SECONDS = 10
FEDERATION_SNAPSHOT_CHUNK_RATE = "12/m"
FEDERATION_SNAPSHOT_RETRY_DELAY_SECONDS = 60
# Loans: the daily close of business (penalties, aging, reminders, loss allowance) of every
# active cooperative shortly after midnight, and the funding queues of cooperatives whose books
# changed, every few minutes.
CELERY_BEAT_SCHEDULE["loans-close-of-business"] = {
    "task": "sokoguru.loans.cob_fan_out",
    "schedule": crontab(minute=15, hour=0),
}
CELERY_BEAT_SCHEDULE["loans-serve-funding-queues"] = {
    "task": "sokoguru.loans.queue_fan_out",
    "schedule": 300.0,
}
# Members: anonymise exited members whose by-laws retention period has ended (UU 27/2022).
CELERY_BEAT_SCHEDULE["members-anonymise-expired"] = {
    "task": "sokoguru.members.anonymise_fan_out",
    "schedule": crontab(minute=45, hour=2),
}
# Savings: on the 1st, bill this month's simpanan wajib (arrears rules applied) and post last
# month's jasa simpanan — one tenant task per active cooperative.
CELERY_BEAT_SCHEDULE["savings-monthly-cycle"] = {
    "task": "sokoguru.savings.monthly_cycle_fanout",
    "schedule": crontab(minute=15, hour=0, day_of_month=1),
}

# Health: on the 1st, after the loans' close of business (00:15) has aged the portfolio, assess
# the month that just ended in every active cooperative; the snapshot refresher then copies it.
CELERY_BEAT_SCHEDULE["health-monthly-assessment"] = {
    "task": "sokoguru.health.monthly_fan_out",
    "schedule": crontab(minute=45, hour=0, day_of_month=1),
}

# Loan notifications (reminders, funding queue): channels by class path, and the WhatsApp
# provider class (see sokoguru.tenants.loans.notifiers; empty = no WhatsApp).
LOANS_NOTIFIERS = [
    "sokoguru.tenants.loans.notifiers.LogNotifier",
    "sokoguru.tenants.loans.notifiers.EmailNotifier",
    "sokoguru.tenants.loans.notifiers.WhatsAppNotifier",
]
LOANS_WHATSAPP_PROVIDER = os.environ.get("LOANS_WHATSAPP_PROVIDER", "")

# --- GraphQL ------------------------------------------------------------------------------

GRAPHENE = {
    "SCHEMA": "sokoguru.graphql.cooperative_api.schema",
    "RELAY_CONNECTION_MAX_LIMIT": 100,
    "RELAY_CONNECTION_ENFORCE_FIRST_OR_LAST": False,
    "ATOMIC_MUTATIONS": True,
}
GRAPHQL_MAX_DEPTH = int(os.environ.get("GRAPHQL_MAX_DEPTH", "10"))
GRAPHQL_MAX_ALIASES = int(os.environ.get("GRAPHQL_MAX_ALIASES", "20"))
# Schema introspection (``__schema``/``__type``; ``__typename`` always works): on in debug and
# outside production unless GRAPHQL_INTROSPECTION says otherwise.
GRAPHQL_INTROSPECTION = env_bool("GRAPHQL_INTROSPECTION", default=DEBUG or not PRODUCTION)
# One request: body bytes, lexical tokens, and fields per operation with fragments expanded
# (duplicates count) — see graphql/core/limits.py.
GRAPHQL_MAX_BODY_BYTES = int(os.environ.get("GRAPHQL_MAX_BODY_BYTES", "65536"))
GRAPHQL_MAX_TOKENS = int(os.environ.get("GRAPHQL_MAX_TOKENS", "5000"))
GRAPHQL_MAX_COST = int(os.environ.get("GRAPHQL_MAX_COST", "1000"))

# --- Email ------------------------------------------------------------------------------

# Production: SMTP from EMAIL_* variables. Elsewhere mail is written to files under
# .sokoguru/mail so notifications can be read without a mail server.
if PRODUCTION or os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = HOME / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Sokoguru <noreply@sokoguru.id>")

# --- Logging ------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"sokoguru": {"level": os.environ.get("SOKOGURU_LOG_LEVEL", "INFO")}},
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Transport and browser security -------------------------------------------------------

# Production: HTTPS only (redirect, HSTS for a year on every cooperative's host). The health
# check stays reachable over plain HTTP for the load balancer.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts only from this host (the workspace's vendored htmx, the admin's own files), never
# inline; styles from this host plus the dashboard's inline style attributes.
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)
