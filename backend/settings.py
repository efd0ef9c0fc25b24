"""Bangkom settings: one module, every value from the environment.

With no environment at all this runs the embedded default (SQLite, inline
Celery, console mail, DEBUG on). Production sets the variables documented in
``.env.example``.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from backend.common.env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -------------------------------------------------------------------

INSECURE_SECRET_KEY = "django-insecure-bangkom-development-only"  # noqa: S105

DEBUG = env_bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default=INSECURE_SECRET_KEY)
if not DEBUG and SECRET_KEY == INSECURE_SECRET_KEY:
    # A production process must never sign sessions with a key from git.
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

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
    "axes",
    "backend.audit",
    "backend.people",
    "backend.appraisal",
    "lms",
    "certificates",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "backend.common.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as axes asks: it turns a locked-out login into the lockout page or JSON.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backend.urls"
WSGI_APPLICATION = "backend.wsgi.application"

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
                "backend.people.context_processors.access",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------

DATABASE_URL = env("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a seed or a task writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The Administrator role's permissions in the Django admin (see the module).
    "backend.people.admin_permissions.AdministratorRoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", default=10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed logins (django-axes): after LOGIN_FAILURE_LIMIT failures of one username from one
# address, that pair is refused for LOGIN_COOLOFF_MINUTES. Counting the pair, not the address
# alone, keeps one office behind a shared NAT from locking out its colleagues; counting it per
# address keeps a guesser elsewhere from locking out the real person.
AXES_ENABLED = env_bool("LOGIN_LOCKOUT_ENABLED", default=True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout are refused without being counted: the lockout ends when the
# page said it would, instead of moving with every retry.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The same client address as the public forms' rate limits: the proxy's hop when trusted.
AXES_CLIENT_IP_CALLABLE = "backend.common.clients.client_ip"
AXES_LOCKOUT_CALLABLE = "backend.people.lockout.lockout_response"
# No start-up banner in every command's output; failures are still logged (names masked).
AXES_VERBOSE = False
# Named on the lockout page as whom to ask (e.g. "BKPSDM helpdesk, 0747-21xxx"); empty: the administrator.
LOGIN_HELP_CONTACT = env("LOGIN_HELP_CONTACT", default="")
# Successful logins are recorded (who, from where, when) and forgotten after this many days.
LOGIN_RECORD_RETENTION_DAYS = env_int("LOGIN_RECORD_RETENTION_DAYS", default=90)

# --- Internationalisation -----------------------------------------------------

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("DJANGO_TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security (effective when DEBUG is off) -------------------------------------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Pages hand the token to htmx and Swagger UI in the HTML; no script reads the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Uploads -------------------------------------------------------------------
# Each kind of upload is checked by its content and against its own limit (backend.common.uploads).
# Request bodies without files (forms, JSON) stay small; files above the memory size go to a
# temporary file while they are checked. The TLS proxy must accept the largest limit below.

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Evidence attached to an appraisal score (PDF, JPEG or PNG), in megabytes.
APPRAISAL_EVIDENCE_MAX_MB = env_int("APPRAISAL_EVIDENCE_MAX_MB", default=5)
# Spreadsheets of the imports (employees, scores, IKM, attendance, test scores), in megabytes.
IMPORT_MAX_MB = env_int("IMPORT_MAX_MB", default=5)
# A certificate issuer's logo (PNG or SVG) and signature (PNG), in megabytes.
CERTIFICATE_IMAGE_MAX_MB = env_int("CERTIFICATE_IMAGE_MAX_MB", default=2)
# A certificate PDF uploaded to the public verification page, in megabytes.
CERTIFICATE_VERIFY_MAX_MB = env_int("CERTIFICATE_VERIFY_MAX_MB", default=5)

# --- Cache -------------------------------------------------------------------
# Rate limits of the public forms live here. One process: memory; several
# (gunicorn workers, replicas): set CACHE_URL to Redis so they share counts.

CACHE_URL = env("CACHE_URL", default="")
CACHES = {
    "default": (
        {
            # Redis down must not fail requests: reads miss, writes are dropped (backend.common.cache).
            "BACKEND": "backend.common.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bangkom"}
    )
}

# --- Mail -------------------------------------------------------------------

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if not env("EMAIL_HOST", default="")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
# Links in e-mails and on printed QR codes start with this address.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Bangkom <bangkom@localhost>")

# --- Celery -----------------------------------------------------------------

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
# No broker means the embedded default: tasks run inline in the caller.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task a worker took but never acknowledged (the worker was killed mid-task) is handed to
# another worker after this many seconds; longer than the longest task (a large class's ZIP).
# Certificates do not wait for it: the beat sweep below queues a stalled one again sooner.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_connect_timeout": 2,
}
# With the broker down, queuing a task must fail fast rather than hold the request: what a task
# would do is kept in the database (unsent notifications, pending certificates) and the beat
# sweeps pick it up once the broker is back. Celery's defaults retry the result store for ~20 s.
_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_TASK_PUBLISH_RETRY_POLICY = _PUBLISH_RETRY_POLICY
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": _PUBLISH_RETRY_POLICY}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    # Reminders go out in the morning for tomorrow's sessions.
    "send-session-reminders": {
        "task": "lms.tasks.send_session_reminders_task",
        "schedule": crontab(hour=7, minute=0),
    },
    # Notifications whose e-mail could not be queued (broker down) are sent here.
    "send-pending-notifications": {
        "task": "lms.tasks.send_pending_notifications_task",
        "schedule": crontab(minute="*/10"),
    },
    # Certificates whose render message was lost (or whose retries ran out) are queued again.
    "render-stalled-certificates": {
        "task": "certificates.tasks.render_stalled_certificates_task",
        "schedule": crontab(minute="*/15"),
    },
    "prune-login-records": {
        "task": "backend.people.tasks.prune_login_records_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # Suggestions follow the day's scores, enrollments and offerings.
    "compute-suggestions": {
        "task": "lms.tasks.compute_suggestions_task",
        "schedule": crontab(hour=2, minute=0),
    },
}

# --- REST API ---------------------------------------------------------------

REST_FRAMEWORK = {
    # Token first: an anonymous call then gets 401 with WWW-Authenticate, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "backend.people.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "backend.common.api.PageNumberPagination",
    "PAGE_SIZE": 25,
    # drf-spectacular's, plus the error responses of each operation.
    "DEFAULT_SCHEMA_CLASS": "backend.common.schema.AutoSchema",
    "EXCEPTION_HANDLER": "backend.common.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Bangkom API",
    "DESCRIPTION": "Training and development management for ASN (civil servants).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Vendored Swagger UI: the product must work on an intranet without a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "OrgUnitKindEnum": "backend.people.choices.OrgUnitKind",
        "PositionKindEnum": "backend.people.choices.PositionKind",
        "PositionLevelEnum": "backend.people.choices.PositionLevel",
        "RatingEnum": "backend.appraisal.choices.Rating",
        "PeriodKindEnum": "backend.appraisal.choices.PeriodKind",
        "PeriodStatusEnum": "backend.appraisal.choices.PeriodStatus",
        "IndicatorLevelEnum": "backend.appraisal.choices.IndicatorLevel",
        "FollowUpKindEnum": "backend.appraisal.choices.FollowUpKind",
        "FollowUpStatusEnum": "backend.appraisal.choices.FollowUpStatus",
        "ChannelEnum": "lms.choices.Channel",
        "CourseTypeEnum": "lms.choices.CourseType",
        "CompetencyTypeEnum": "lms.choices.CompetencyType",
        "OfferingStatusEnum": "lms.choices.OfferingStatus",
        "EnrollmentStatusEnum": "lms.choices.EnrollmentStatus",
        "EnrollmentSourceEnum": "lms.choices.EnrollmentSource",
        "AttendanceStatusEnum": "lms.choices.AttendanceStatus",
        "AttendanceMethodEnum": "lms.choices.AttendanceMethod",
        "ActivityKindEnum": "lms.choices.ActivityKind",
        "ConversionBasisEnum": "lms.choices.ConversionBasis",
        "ActivityStatusEnum": "lms.choices.ActivityStatus",
        "LedgerSourceEnum": "lms.choices.LedgerSource",
        "NotificationKindEnum": "lms.choices.NotificationKind",
        "CheckinRefusalCodeEnum": "lms.checkin.REFUSAL_CODES",
        "GapTargetKindEnum": "lms.choices.GapTargetKind",
        "GapKindEnum": "lms.choices.GapKind",
        "SuggestionStatusEnum": "lms.choices.SuggestionStatus",
        "ReactionItemEnum": "lms.choices.ReactionItem",
        "CertificateStatusEnum": "certificates.choices.CertificateStatus",
        "BudgetRevisionKindEnum": "lms.models.budget.RevisionKind",
        "CostKindEnum": "lms.models.budget.CostKind",
    },
}

# --- Logging ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every step of every certificate at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Bangkom ----------------------------------------------------------------

DEMO_PASSWORD = env("DEMO_PASSWORD", default="bangkom-demo")

# Public IKM form: answers accepted per client per survey per hour (counted in CACHES).
IKM_RATE_LIMIT = env_int("IKM_RATE_LIMIT", default=10)
# Certificate verification by upload: PDFs checked per client per hour.
CERTIFICATE_UPLOAD_RATE_LIMIT = env_int("CERTIFICATE_UPLOAD_RATE_LIMIT", default=30)
# Behind the README's nginx: count by the hop our proxy appends to X-Forwarded-For.
IKM_TRUST_X_FORWARDED_FOR = env_bool("IKM_TRUST_X_FORWARDED_FOR", default=False)

# Competency development (PP 17/2020, PP 49/2018): the legal defaults, configurable.
LMS_MIN_ATTENDANCE_PCT = env_int("LMS_MIN_ATTENDANCE_PCT", default=80)
LMS_PASS_MARK = env_int("LMS_PASS_MARK", default=65)
LMS_PNS_TARGET_JP = env_int("LMS_PNS_TARGET_JP", default=20)
LMS_PPPK_CAP_JP = env_int("LMS_PPPK_CAP_JP", default=24)
LMS_INTERNATIONAL_BONUS_PCT = env_int("LMS_INTERNATIONAL_BONUS_PCT", default=20)
# Largest evidence file an ASN may attach to a JP claim (PDF, JPEG or PNG), in megabytes.
LMS_EVIDENCE_MAX_MB = env_int("LMS_EVIDENCE_MAX_MB", default=5)
# Seconds a catalog list may be served from the cache (0 turns the cache off); changes
# invalidate it at once when the cache is shared (CACHE_URL).
LMS_CATALOG_CACHE_SECONDS = env_int("LMS_CATALOG_CACHE_SECONDS", default=30)
# QR self check-in: accepted from this many minutes before a session until this many after it ends.
LMS_CHECKIN_GRACE_MINUTES = env_int("LMS_CHECKIN_GRACE_MINUTES", default=30)
# A QR check-in more than this many minutes after the session started is recorded as late.
LMS_CHECKIN_LATE_AFTER_MINUTES = env_int("LMS_CHECKIN_LATE_AFTER_MINUTES", default=15)
# A session with a rotating code shows a new one this often; the previous one stays valid for one more step.
LMS_CHECKIN_ROTATE_SECONDS = env_int("LMS_CHECKIN_ROTATE_SECONDS", default=60)

# Impact (Kirkpatrick L3/L4): the periods after an offering that count as "after", the
# smallest group (participants and comparison employees each) an estimate is shown for,
# and the bootstrap resamples behind its 95 % interval.
# Reaction surveys: item means and comments are shown only from this many responses (anonymity).
LMS_REACTION_MIN_RESPONSES = env_int("LMS_REACTION_MIN_RESPONSES", default=3)
LMS_IMPACT_FOLLOWUP_PERIODS = env_int("LMS_IMPACT_FOLLOWUP_PERIODS", default=2)
LMS_IMPACT_MIN_N = env_int("LMS_IMPACT_MIN_N", default=10)
LMS_IMPACT_BOOTSTRAP = env_int("LMS_IMPACT_BOOTSTRAP", default=1000)
# A larger comparison group is sampled (at random, fixed per employee) down to this size.
LMS_IMPACT_MAX_COMPARISON = env_int("LMS_IMPACT_MAX_COMPARISON", default=1000)
# Suggestions: a course not yet measured is expected to raise its indicator by this many
# points; a measured uplift counts as much as the prior once this many participants back it.
LMS_SUGGESTION_PRIOR_UPLIFT = env_int("LMS_SUGGESTION_PRIOR_UPLIFT", default=5)
LMS_SUGGESTION_PRIOR_N = env_int("LMS_SUGGESTION_PRIOR_N", default=20)
# A course completed within this many days is not suggested again.
LMS_SUGGESTION_RECENT_DAYS = env_int("LMS_SUGGESTION_RECENT_DAYS", default=730)
# At most this many open suggestions per employee (the best ranked).
LMS_SUGGESTIONS_PER_EMPLOYEE = env_int("LMS_SUGGESTIONS_PER_EMPLOYEE", default=5)
