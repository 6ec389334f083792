"""Settings shared by every environment.

Every value comes from the environment (see ``.env.example``) with a default that gives the
embedded mode: SQLite under ``var/``, media under ``var/media/``, e-mail on the console and
Celery tasks run in-process. ``DATABASE_URL`` and ``CELERY_BROKER_URL`` switch to PostgreSQL
and a real broker without any code change.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-embedded-mode-key-change-me-in-production")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("MAKERHUB_SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "axes",
]
# MakerHub's own apps, in dependency order: URLs, space-page sections and seed_demo's demo
# modules are collected from them in this order.
MAKERHUB_APPS = [
    "accounts",
    "spaces",
    "bookings",
    "workshops",
    "designs",
    "customizer",
    "accessibility",
    "privacy",
    "ops",
]
# Our apps come first: for a message both we and a library translate (e.g. "Cancel"),
# Django uses the catalogue of the app listed first.
INSTALLED_APPS = MAKERHUB_APPS + INSTALLED_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "ops.uploads.UploadSizeMiddleware",  # 413 before an oversized body is read
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ops.ratelimit.RateLimitMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the backend into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "makerhub.urls"
WSGI_APPLICATION = "makerhub.wsgi.application"
ASGI_APPLICATION = "makerhub.asgi.application"

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
                "makerhub.context_processors.site",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise (postgres://user@host:port/name).
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'makerhub.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for the write lock instead of failing at once when two requests write together.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://makerhub")}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out logins (see ops/)
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: e-mail is the login, verified before the account is fully usable.
SITE_ID = 1
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[MakerHub] "
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_PREVENT_ENUMERATION = True

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "makerhub_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="MakerHub <noreply@makerhub.example>")
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))

# Celery: without a broker every task runs in-process, right where it is queued.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    # bookings: reminders 24 h ahead (sent once, however often this runs) and expired holds.
    "bookings-reminders": {"task": "bookings.tasks.booking_reminders_task", "schedule": 600.0},
    "bookings-holds-expire": {"task": "bookings.tasks.holds_expire_task", "schedule": 60.0},
    # workshops: withdraw seat offers not accepted within 24 h; reminders 24 h ahead (once).
    "workshops-offers-expire": {"task": "workshops.tasks.offers_expire_task", "schedule": 300.0},
    "workshops-reminders": {"task": "workshops.tasks.reminders_send_task", "schedule": 600.0},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "makerhub.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "makerhub.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "anon": "600/hour",
        "user": "3000/hour",
        # designs: POST /api/v1/stl/validate/ (checks a file inside the request)
        "stl_validate": env("DESIGNS_STL_VALIDATE_RATE", default="30/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MakerHub API",
    "DESCRIPTION": "Spaces, machines, bookings, workshops and open assistive designs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status" or "category"; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "MachineStatusEnum": "bookings.models.Machine.Status",
        "BookingStatusEnum": "bookings.models.Booking.Status",
        "WatchStatusEnum": "bookings.models.Watch.Status",
        "SignupStatusEnum": "workshops.models.Signup.Status",
        "AttendanceEnum": "workshops.models.Signup.Attendance",
        "WorkshopCategoryEnum": "workshops.models.Workshop.Category",
        "DesignStatusEnum": "designs.models.Design.Status",
        "DesignFileStatusEnum": "designs.models.DesignFile.Status",
        "DesignCategoryEnum": "designs.models.Category",
        "CustomizationStatusEnum": "customizer.models.Customization.Status",
        "PrintRequestStatusEnum": "customizer.models.PrintRequest.Status",
        "NeedStatusEnum": "accessibility.models.BarrierNeed.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "ops.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("LOG_FORMAT", default="plain"),  # "json" in production
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Security headers, login lockouts and rate limits (ops/; docs/deployment.md).
# Content-Security-Policy: no inline scripts or styles anywhere, nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env.list("MAKERHUB_CSP_MEDIA_ORIGINS", default=[])],
        "font-src": ["'self'"],
        "connect-src": ["'self'", *env.list("MAKERHUB_CSP_MEDIA_ORIGINS", default=[])],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Reverse proxies we run in front of gunicorn (nginx, a load balancer): only then is
# X-Forwarded-For believed when rate limits and lockouts look at the client's address.
MAKERHUB_TRUSTED_PROXY_COUNT = env.int("MAKERHUB_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = MAKERHUB_TRUSTED_PROXY_COUNT
# django-axes: 5 failed logins for one account from one address pause it for 15 minutes,
# then it lifts by itself (no one is locked out for good). Staff can lift it earlier:
# `manage.py axes_reset_username <e-mail>`. Counted across machines in the database.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = __import__("datetime").timedelta(
    minutes=env.int("AXES_COOLOFF_MINUTES", default=15)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "ops.net.axes_username"
AXES_CLIENT_IP_CALLABLE = "ops.net.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "ops.views.login_locked_out"
AXES_VERBOSE = False
# django-allauth's limits, in the shared cache: sign-up, login and password reset.
ACCOUNT_RATE_LIMITS = {
    "signup": env("RATE_LIMIT_SIGNUP", default="20/h/ip"),
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": env("RATE_LIMIT_PASSWORD_RESET", default="10/h/ip,3/h/key"),
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# ops.ratelimit: per user (or API token, else IP address) and scope; see ops/ratelimit.py.
MAKERHUB_RATE_LIMITS_ENABLED = env.bool("MAKERHUB_RATE_LIMITS_ENABLED", default=True)
MAKERHUB_RATE_LIMITS: dict[str, dict] = {
    "uploads": {
        "rate": env("RATE_LIMIT_UPLOADS", default="60/h"),
        "multipart": True,
        "methods": ["POST", "PUT", "PATCH"],
    },
    "stl-check": {
        "rate": env("RATE_LIMIT_STL_CHECK", default="30/h"),
        "match": ["api:stl-validate"],
        "methods": ["POST"],
    },
    "api-login": {"rate": "10/m", "match": ["api:api-token"], "methods": ["POST"]},
    "api-write": {
        "rate": env("RATE_LIMIT_API_WRITE", default="120/m"),
        "match": ["api:"],
        "methods": ["POST", "PUT", "PATCH", "DELETE"],
    },
    "api": {"rate": env("RATE_LIMIT_API", default="600/m"), "match": ["api:"]},
}
# Uploads (ops/uploads.py): no request body above this size is read at all.
MAKERHUB_UPLOAD_MAX_BYTES = env.int("MAKERHUB_UPLOAD_MAX_BYTES", default=50 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "ops.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o640
MAKERHUB_WORKER_HEARTBEAT_MAX_AGE = env.int("MAKERHUB_WORKER_HEARTBEAT_MAX_AGE", default=300)
CELERY_BEAT_SCHEDULE["ops-heartbeat"] = {"task": "ops.heartbeat", "schedule": 60.0}
# STL checks still pending after this long are queued again (their worker died).
MAKERHUB_STUCK_VALIDATION_MINUTES = env.int("MAKERHUB_STUCK_VALIDATION_MINUTES", default=15)
MAKERHUB_STUCK_VALIDATION_ATTEMPTS = 3
CELERY_BEAT_SCHEDULE["ops-validations-requeue"] = {
    "task": "ops.validations_requeue",
    "schedule": 300.0,
}

# Privacy (privacy/): the notice's version (consent is recorded per version) and how long
# bookings and sign-ups keep the person's name before the retention job anonymises them.
MAKERHUB_PRIVACY_VERSION = env("MAKERHUB_PRIVACY_VERSION", default="2026-11")
MAKERHUB_RETENTION_DAYS = env.int("MAKERHUB_RETENTION_DAYS", default=365)
CELERY_BEAT_SCHEDULE["privacy-retention"] = {"task": "privacy.retention", "schedule": 86400.0}

# MakerHub's own knobs.
# Feedback from the accessibility statement also goes here (besides the spaces' staff).
ACCESSIBILITY_FEEDBACK_EMAIL = env("ACCESSIBILITY_FEEDBACK_EMAIL", default="")
MAKERHUB_DEMO_PASSWORD = env("MAKERHUB_DEMO_PASSWORD", default="makerhub-demo")
