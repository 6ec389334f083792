"""Celery tasks of the privacy app."""

from __future__ import annotations

from celery import shared_task

from privacy import services


@shared_task(name="privacy.retention")
def retention_task() -> dict[str, int]:
    """Run daily by beat: anonymise bookings and sign-ups past the retention period."""
    return services.retention_apply()
