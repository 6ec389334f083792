"""Celery tasks: they take ids, load, and call a service or send an e-mail."""

from __future__ import annotations

from celery import shared_task

from bookings import emails, services


@shared_task
def booking_confirmation_task(booking_id: int) -> None:
    emails.booking_confirmation_send(booking_id=booking_id)


@shared_task
def booking_cancelled_task(booking_id: int) -> None:
    emails.booking_cancelled_send(booking_id=booking_id)


@shared_task
def hold_offered_task(booking_id: int) -> None:
    emails.hold_offered_send(booking_id=booking_id)


@shared_task
def hold_extended_task(booking_id: int) -> None:
    emails.hold_extended_send(booking_id=booking_id)


@shared_task
def booking_reminders_task() -> int:
    """Every few minutes: remind of bookings starting within 24 hours, once each."""
    claimed = services.booking_reminders_due()
    for booking_id in claimed:
        emails.booking_reminder_send(booking_id=booking_id)
    return len(claimed)


@shared_task
def holds_expire_task() -> int:
    """Every minute: expire unconfirmed holds and pass them on."""
    return services.holds_expire()
