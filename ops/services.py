"""Writes of the operations app."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from ops.models import WorkerHeartbeat


def heartbeat_record(*, hostname: str, at: datetime | None = None) -> WorkerHeartbeat:
    """Remember that ``hostname`` ran a task now. Idempotent: one row per worker."""
    beat, _created = WorkerHeartbeat.objects.update_or_create(
        hostname=hostname[:255], defaults={"seen_at": at or timezone.now()}
    )
    return beat
