"""Background work: e-mails about feedback and the need board. Tasks take ids."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from accessibility.models import AccessibilityFeedback, BarrierNeed
from accounts.models import User


@shared_task(acks_late=True)
def feedback_notify_task(feedback_id: int) -> int:
    from accessibility.services import feedback_notify

    feedback = AccessibilityFeedback.objects.filter(pk=feedback_id).first()
    if feedback is None:
        return 0
    return feedback_notify(feedback=feedback)


@shared_task(acks_late=True)
def need_notify_task(need_id: int, event: str, actor_id: int | None) -> int:
    """E-mail the requester and the helpers (not the one who acted) about a change."""
    need = BarrierNeed.objects.filter(pk=need_id).select_related("requester").first()
    if need is None or need.withdrawn_at is not None:
        return 0
    people = {need.requester.pk: need.requester}
    people.update({helper.pk: helper for helper in need.helpers.all()})
    people.pop(actor_id, None)  # type: ignore[arg-type]
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    sent = 0
    for person in people.values():
        with translation.override(person.preferred_language or "de"):
            subject = render_to_string(
                "accessibility/email/need_subject.txt", {"need": need, "event": event}
            ).strip()
            body = render_to_string(
                "accessibility/email/need_body.txt",
                {
                    "need": need,
                    "event": event,
                    "actor": actor,
                    "person": person,
                    "SITE_URL": settings.SITE_URL,
                },
            )
        sent += send_mail(subject, body, None, [person.email])
    return sent
