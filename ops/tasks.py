"""Celery tasks of the operations app."""

from __future__ import annotations

import socket
from typing import Any

from celery import shared_task
from celery.signals import worker_ready

from ops import services


@shared_task(name="ops.heartbeat")
def heartbeat_task() -> None:
    """Run by beat every minute: proves a worker takes tasks off the broker."""
    hostname = getattr(heartbeat_task.request, "hostname", None) or socket.gethostname()
    services.heartbeat_record(hostname=hostname)


@worker_ready.connect
def _heartbeat_on_start(sender: Any = None, **kwargs: Any) -> None:
    # A fresh worker counts as seen at once, not only after beat's first tick.
    hostname = getattr(sender, "hostname", None) or socket.gethostname()
    services.heartbeat_record(hostname=hostname)


@shared_task(name="ops.validations_requeue")
def validations_requeue_task() -> int:
    """Run by beat: queue STL checks again that stayed "pending" too long (their worker
    died and the broker did not hand the task on). Idempotent: re-queuing a file that is
    being checked just checks it again (the check is safe to run twice)."""
    return services.validations_requeue()
