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
