"""Who is asking: the client's IP address, correct behind the reverse proxies we run."""

from __future__ import annotations

import hashlib
import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address. ``X-Forwarded-For`` counts only when
    ``MAKERHUB_TRUSTED_PROXY_COUNT`` proxies we control sit in front (anyone can send the
    header, so trusting it by default would let an attacker pick any address)."""
    count = settings.MAKERHUB_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    candidate = ""
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        candidate = hops[-count] if len(hops) >= count else hops[0]
    if not candidate:
        candidate = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return "0.0.0.0"  # noqa: S104 - unparseable: one shared bucket, never a crash


def axes_client_ip(request: HttpRequest) -> str:
    """``AXES_CLIENT_IP_CALLABLE``: the same address the rate limits use."""
    return client_ip(request)


def requester_key(request: HttpRequest) -> str:
    """A stable key for "who is this": the user, the API token, else the IP address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    auth = request.META.get("HTTP_AUTHORIZATION", "")
    if auth.lower().startswith("token "):
        digest = hashlib.sha256(auth[6:].strip().encode()).hexdigest()[:24]
        return f"t{digest}"
    return f"ip{client_ip(request)}"


def axes_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the e-mail, lower-cased like the account's, whether it
    came from allauth's login form (``login``) or the API (``email``)."""
    value = None
    if credentials:
        value = credentials.get("email") or credentials.get("username")
    if not value:
        data = request.POST if request.method == "POST" else {}
        value = data.get("login") or data.get("email")
    return value.strip().lower() if isinstance(value, str) else None
