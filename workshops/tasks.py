"""Celery tasks: take ids, load, call a service or send an e-mail. Nothing else."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="workshops.tasks.signup_notify_task")
def signup_notify_task(signup_id: int, kind: str) -> None:
    from workshops import emails

    emails.signup_notify(signup_id=signup_id, kind=kind)


@shared_task(name="workshops.tasks.session_message_task")
def session_message_task(session_id: int, sender_id: int, subject: str, body: str) -> None:
    from workshops import emails

    emails.session_message(session_id=session_id, sender_id=sender_id, subject=subject, body=body)


@shared_task(name="workshops.tasks.offers_expire_task")
def offers_expire_task() -> int:
    """Periodic (beat): withdraw offers not accepted within 24 h and pass the seats on."""
    from workshops import services

    return services.offers_expire()


@shared_task(name="workshops.tasks.reminders_send_task")
def reminders_send_task() -> int:
    """Periodic (beat): reminders 24 h before a session, once per sign-up."""
    from workshops import services

    return services.reminders_send()
