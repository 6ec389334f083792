"""``GET /healthz``: is the database there, and, when a broker is configured, the broker and a
Celery worker that ran the heartbeat task recently?"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "down"
        return "down"
    return "ok"


def _check_broker() -> str:
    from makerhub.celery import app

    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception:  # noqa: BLE001
        return "down"
    return "ok"


def _check_worker() -> str:
    from ops.selectors import worker_recently_seen

    try:
        return "ok" if worker_recently_seen() else "down"
    except Exception:  # noqa: BLE001
        return "down"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _check_database()}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = _check_broker()
        if checks["broker"] == "ok":
            # A broker with nobody taking tasks off it is down too (ops.heartbeat_task).
            checks["worker"] = _check_worker()
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", "checks": checks},
        status=200 if healthy else 503,
    )
