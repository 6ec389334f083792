"""E-mails about print requests, each in the recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from customizer.models import PrintRequest
from spaces.models import Role, SpaceMembership


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _load(request_id: int) -> PrintRequest | None:
    return (
        PrintRequest.objects.select_related(
            "space", "requester", "variant", "customization__source__design"
        )
        .filter(pk=request_id)
        .first()
    )


def _send(*, to: str, language: str, subject: str, template: str, request: PrintRequest) -> None:
    with translation.override(language):
        body = render_to_string(
            f"customizer/email/{template}.txt",
            {
                "request": request,
                "design": request.customization.source.design,
                "result_url": _url(request.customization.get_absolute_url()),
                "download_url": _url(
                    reverse("customization-download", kwargs={"pk": request.customization_id})
                ),
                "list_url": _url(reverse("print-request-list")),
                "my_url": _url(reverse("my-variants")),
            },
        )
        EmailMessage(
            subject=f"[MakerHub] {subject}",
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
        ).send()


def print_request_created_send(*, request_id: int) -> None:
    """Tell the space's staff that someone asked them to print something."""
    request = _load(request_id)
    if request is None:
        return
    staff = SpaceMembership.objects.filter(space=request.space, role=Role.STAFF).select_related(
        "user"
    )
    for membership in staff:
        person = membership.user
        if not person.email or not person.is_active:
            continue
        with translation.override(person.preferred_language):
            subject = _("Print request for %(space)s") % {"space": request.space.name}
        _send(
            to=person.email,
            language=person.preferred_language,
            subject=subject,
            template="print_request_created",
            request=request,
        )


def print_request_status_send(*, request_id: int) -> None:
    """Tell the person who asked what the space decided."""
    request = _load(request_id)
    if request is None or not request.requester.email:
        return
    person = request.requester
    with translation.override(person.preferred_language):
        subject = _("Your print request at %(space)s: %(status)s") % {
            "space": request.space.name,
            "status": request.get_status_display(),
        }
    _send(
        to=person.email,
        language=person.preferred_language,
        subject=subject,
        template="print_request_status",
        request=request,
    )
