"""Reads of the operations app."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from ops.models import WorkerHeartbeat


def worker_recently_seen() -> bool:
    """Did any Celery worker run the heartbeat task within
    ``MAKERHUB_WORKER_HEARTBEAT_MAX_AGE`` seconds?"""
    since = timezone.now() - timedelta(seconds=settings.MAKERHUB_WORKER_HEARTBEAT_MAX_AGE)
    return WorkerHeartbeat.objects.filter(seen_at__gte=since).exists()
