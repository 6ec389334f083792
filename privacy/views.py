"""Privacy pages: the notice, its easy-read version, data export and account deletion."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacy import selectors, services
from privacy.forms import AccountDeleteForm


def _easy_read_text() -> object | None:
    """The accessibility app's reviewed easy-read text for "privacy", when there is one."""
    try:
        from accessibility.selectors import easy_read_text
    except ImportError:
        return None
    return easy_read_text(key="privacy")


def privacy_notice(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {
        "version": settings.MAKERHUB_PRIVACY_VERSION,
        "retention_days": settings.MAKERHUB_RETENTION_DAYS,
    }
    if request.user.is_authenticated:
        context["consent"] = selectors.consent_current(user=request.user)
        context["consent_needed"] = selectors.consent_needed(user=request.user)
    return render(request, "privacy/notice.html", context)


def privacy_easy_read(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/easy_read.html",
        {"text": _easy_read_text(), "retention_days": settings.MAKERHUB_RETENTION_DAYS},
    )


@login_required
@require_POST
def privacy_consent(request: HttpRequest) -> HttpResponse:
    services.consent_record(user=request.user)
    messages.success(request, _("Thank you. We saved that you accepted the privacy notice."))
    return redirect("privacy")


@login_required
@require_POST
def privacy_export(request: HttpRequest) -> HttpResponse:
    """All of one's data as JSON in a ZIP, as a download."""
    data = services.user_data_export_zip(user=request.user)
    response = HttpResponse(data, content_type="application/zip")
    name = f"makerhub-data-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def privacy_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.account_erase(user=user)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("home")
    return render(request, "privacy/delete.html", {"form": form})
