"""Production: the real stack behind gunicorn (``make run-prod``, docs/deployment.md).

Refuses to start without ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS``. Everything that
must be shared between several web and worker machines lives outside the process: the
database (``DATABASE_URL``), the broker (``CELERY_BROKER_URL``), the cache for rate limits
(``CACHE_URL``) and uploaded files (a shared disk, or S3-compatible object storage when
``AWS_STORAGE_BUCKET_NAME`` is set).
"""

from .base import *  # noqa: F403
from .base import LOGGING, env
from .base import STORAGES as BASE_STORAGES

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

# HTTPS only. The proxy in front (nginx, Caddy, a load balancer) terminates TLS and says so
# with X-Forwarded-Proto. DJANGO_SECURE_SSL_REDIRECT=false and DJANGO_SECURE_COOKIES=false
# exist only for trying the stack on 127.0.0.1 over plain HTTP (docs/deployment.md).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
_secure_cookies = env.bool("DJANGO_SECURE_COOKIES", default=True)
SESSION_COOKIE_SECURE = _secure_cookies
CSRF_COOKIE_SECURE = _secure_cookies
LANGUAGE_COOKIE_SECURE = _secure_cookies
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Keep database connections open between requests (gunicorn's workers are long-lived).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# Static files: collected once (`collectstatic`), compressed, with hashed names so they can
# be cached for ever; served by whitenoise from every web process.
STORAGES = {
    **BASE_STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files: on disk (MEDIA_ROOT; shared by NFS when several web machines serve), or
# in S3-compatible object storage. Files are private: django-storages hands out signed,
# short-lived URLs only to views that checked permission first.
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {
        "BACKEND": "ops.storage.PrivateS3Storage",
        "OPTIONS": {  # type: ignore[dict-item]
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }

# One JSON object per log line (ops.logging.JsonFormatter) unless LOG_FORMAT=plain.
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", default="json")  # type: ignore[index]

# Mail goes to a real server in production (EMAIL_URL, see .env.example).
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)  # noqa: F405
ADMINS = [("Admin", address) for address in env.list("DJANGO_ADMINS", default=[])]
