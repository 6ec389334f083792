"""Celery tasks of the customizer: they take ids and call a service."""

from __future__ import annotations

from celery import shared_task

from customizer import services


@shared_task(name="customizer.render", acks_late=True)
def customization_render_task(customization_id: str) -> None:
    services.customization_render(customization_id=customization_id)


@shared_task(name="customizer.print_request_created", acks_late=True)
def print_request_created_task(request_id: int) -> None:
    from customizer import emails

    emails.print_request_created_send(request_id=request_id)


@shared_task(name="customizer.print_request_status", acks_late=True)
def print_request_status_task(request_id: int) -> None:
    from customizer import emails

    emails.print_request_status_send(request_id=request_id)
