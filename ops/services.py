"""Writes of the operations app."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from django.utils import timezone

from ops.models import WorkerHeartbeat


def heartbeat_record(*, hostname: str, at: datetime | None = None) -> WorkerHeartbeat:
    """Remember that ``hostname`` ran a task now. Idempotent: one row per worker."""
    beat, _created = WorkerHeartbeat.objects.update_or_create(
        hostname=hostname[:255], defaults={"seen_at": at or timezone.now()}
    )
    return beat


def validations_requeue(*, now: datetime | None = None) -> int:
    """Queue the STL check again for every design file pending longer than
    ``MAKERHUB_STUCK_VALIDATION_MINUTES``; after ``MAKERHUB_STUCK_VALIDATION_ATTEMPTS``
    tries a file is left alone and logged (it may crash every worker that opens it).
    Returns how many were queued."""
    import logging
    from datetime import timedelta

    from django.apps import apps
    from django.conf import settings
    from django.core.cache import cache
    from django.db import transaction

    try:
        design_file_model = apps.get_model("designs", "DesignFile")
        from designs.tasks import design_file_validate_task
    except (LookupError, ImportError):
        return 0
    cutoff = (now or timezone.now()) - timedelta(minutes=settings.MAKERHUB_STUCK_VALIDATION_MINUTES)
    stuck = design_file_model.objects.filter(status="pending", created_at__lt=cutoff)
    queued = 0
    for file_id in stuck.values_list("pk", flat=True):
        key = f"ops:requeue:{file_id}"
        attempts = cache.get(key, 0)
        if attempts >= settings.MAKERHUB_STUCK_VALIDATION_ATTEMPTS:
            logging.getLogger(__name__).error(
                "validation stuck", extra={"event": "validation_stuck", "design_file": file_id}
            )
            continue
        cache.set(key, attempts + 1, timeout=7 * 86400)
        transaction.on_commit(partial(design_file_validate_task.delay, file_id))
        queued += 1
    return queued
