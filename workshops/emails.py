"""E-mails to attendees, rendered in their language with times in the space's zone."""

from __future__ import annotations

from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from workshops.ics import calendar_bytes
from workshops.models import Session, Signup
from workshops.qr import ticket_qr_png
from workshops.selectors import absolute_url, session_event, signup_position
from workshops.services import email_of

PREFIX = "[MakerHub] "
WITH_TICKET = ("confirmed", "promoted", "reminder")


def _subject(kind: str, title: str) -> str:
    subjects = {
        "confirmed": _("Your seat: %(title)s"),
        "waitlisted": _("Waiting list: %(title)s"),
        "promoted": _("A seat became free for you: %(title)s"),
        "offered": _("A seat is offered to you: %(title)s"),
        "offer_expired": _("Offer expired: %(title)s"),
        "removed": _("You were removed from: %(title)s"),
        "reminder": _("Reminder: %(title)s tomorrow"),
        "session_cancelled": _("Cancelled: %(title)s"),
        "session_changed": _("Changed: %(title)s"),
        "qualified": _("Induction completed: %(title)s"),
    }
    return PREFIX + subjects[kind] % {"title": title}


def _when(session: Session) -> str:
    zone = session.workshop.space.zone
    start = timezone.localtime(session.start, zone)
    end = timezone.localtime(session.end, zone)
    return f"{date_format(start, 'DATETIME_FORMAT')} – {date_format(end, 'TIME_FORMAT')}"


def signup_notify(*, signup_id: int, kind: str) -> bool:
    """Send one notification about a sign-up. Returns False when there is nobody to send to."""
    signup = (
        Signup.objects.select_related("session__workshop__space", "user")
        .filter(pk=signup_id)
        .first()
    )
    if signup is None:
        return False
    recipient = email_of(signup)
    if not recipient:
        return False
    language = signup.user.preferred_language if signup.user else settings.LANGUAGE_CODE
    session = signup.session
    workshop = session.workshop
    with translation.override(language):
        context = {
            "kind": kind,
            "signup": signup,
            "session": session,
            "workshop": workshop,
            "space": workshop.space,
            "when": _when(session),
            "position": signup_position(signup),
            "offer_until": (
                date_format(
                    timezone.localtime(signup.offer_expires_at, workshop.space.zone),
                    "DATETIME_FORMAT",
                )
                if signup.offer_expires_at
                else ""
            ),
            "workshop_url": absolute_url(workshop.get_absolute_url()),
            "my_url": absolute_url(reverse("my-workshops")),
            "with_ticket": kind in WITH_TICKET,
        }
        subject = _subject(kind, workshop.title)
        body = render_to_string("workshops/email/signup.txt", context)
        message = EmailMultiAlternatives(subject, body, to=[recipient])
        if kind in WITH_TICKET:
            html = render_to_string("workshops/email/signup.html", context)
            message.attach_alternative(html, "text/html")
            image = MIMEImage(ticket_qr_png(signup.ticket_code), "png")
            image.add_header("Content-ID", "<ticket-qr>")
            image.add_header("Content-Disposition", "inline", filename="ticket.png")
            message.attach(image)
            message.mixed_subtype = "related"  # type: ignore[attr-defined]
        calendar_kinds = ("confirmed", "promoted", "session_cancelled", "session_changed")
        if kind in calendar_kinds and (kind != "session_changed" or signup.status == "confirmed"):
            event = session_event(session) | {"cancelled": kind == "session_cancelled"}
            ics = calendar_bytes(
                [event],
                name=workshop.title,
                method="CANCEL" if kind == "session_cancelled" else "PUBLISH",
            )
            message.attach("workshop.ics", ics, "text/calendar")
        message.send()
    return True


def session_message(*, session_id: int, sender_id: int, subject: str, body: str) -> int:
    """A host's message to everybody holding a seat; one e-mail per person (no shared To)."""
    session = Session.objects.select_related("workshop__space").filter(pk=session_id).first()
    sender = User.objects.filter(pk=sender_id).first()
    if session is None:
        return 0
    sent = 0
    signups = Signup.objects.filter(session=session, status=Signup.Status.CONFIRMED)
    for signup in signups.select_related("user"):
        recipient = email_of(signup)
        if not recipient:
            continue
        language = signup.user.preferred_language if signup.user else settings.LANGUAGE_CODE
        with translation.override(language):
            text = render_to_string(
                "workshops/email/message.txt",
                {
                    "body": body,
                    "sender": sender,
                    "workshop": session.workshop,
                    "when": _when(session),
                    "workshop_url": absolute_url(session.workshop.get_absolute_url()),
                },
            )
            reply_to = [sender.email] if sender else None
            EmailMultiAlternatives(PREFIX + subject, text, to=[recipient], reply_to=reply_to).send()
        sent += 1
    return sent
