"""Rate limits kept in the shared cache (Redis in production, so every web process counts
together).

``MAKERHUB_RATE_LIMITS`` maps a scope to a rule::

    "uploads": {"rate": "30/h", "methods": ["POST"], "multipart": True}
    "api": {"rate": "600/m", "match": ["api:"]}

``match`` lists URL names (``"api:design-upload"``) or namespaces ending in ``:``; a rule
with ``"multipart": True`` applies to every multipart request (every upload), whatever the
URL. Each requester (user, API token, else IP address) gets its own counter per scope.
Sign-up, login and password reset are limited by django-allauth (``ACCOUNT_RATE_LIMITS``)
and django-axes; this module covers the rest.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ops.net import requester_key

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds


def rate_parse(text: str) -> Rate:
    """``"30/h"`` -> 30 per hour; ``"5/15m"`` -> 5 per 15 minutes."""
    found = _RATE.match(text)
    if not found:
        raise ValueError(f"Not a rate: {text!r} (use e.g. '30/h' or '5/15m')")
    count, multiple, unit = found.groups()
    return Rate(limit=int(count), period=int(multiple or 1) * _UNIT[unit])


def rate_hit(*, scope: str, key: str, rate: Rate) -> int:
    """Count one request; return 0 if allowed, else the seconds until the window ends.

    A fixed window per period: ``cache.add`` then ``cache.incr`` are atomic on Redis and
    memcached, so parallel web processes never lose a count."""
    now = time.time()
    window = int(now // rate.period)
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    if cache.add(cache_key, 1, timeout=rate.period + 1):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr: a new window
            cache.set(cache_key, 1, timeout=rate.period + 1)
            count = 1
    if count <= rate.limit:
        return 0
    return max(1, int((window + 1) * rate.period - now))


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """429 in the shape the caller expects: the API's error body, or a page."""
    message = _("Too many requests. Please wait a moment and try again.")
    response: HttpResponse
    if _is_api(request):
        response = JsonResponse(
            {"code": "throttled", "detail": message, "errors": {}, "retry_after": retry_after},
            status=429,
        )
    else:
        response = render(
            request, "429.html", {"message": message, "retry_after": retry_after}, status=429
        )
    response["Retry-After"] = str(retry_after)
    return response


def _rule_applies(rule: dict[str, Any], request: HttpRequest, url_name: str) -> bool:
    methods = rule.get("methods")
    if methods and request.method not in methods:
        return False
    if rule.get("multipart") and request.content_type == "multipart/form-data":
        return True
    for pattern in rule.get("match", []):
        if pattern.endswith(":") and url_name.startswith(pattern):
            return True
        if url_name == pattern:
            return True
    return False


def check_request(request: HttpRequest, url_name: str) -> HttpResponse | None:
    """Apply every matching rule; the first exceeded one answers 429."""
    if not settings.MAKERHUB_RATE_LIMITS_ENABLED:
        return None
    key = requester_key(request)
    for scope, rule in settings.MAKERHUB_RATE_LIMITS.items():
        if _rule_applies(rule, request, url_name):
            retry_after = rate_hit(scope=scope, key=key, rate=rate_parse(rule["rate"]))
            if retry_after:
                return too_many_requests(request, retry_after)
    return None


class RateLimitMiddleware:
    """Runs the rules before the view, so a refused request costs no database work (the
    body of a refused upload is never read)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        url_name = match.view_name if match else ""
        return check_request(request, url_name or "")


def ratelimit(scope: str, rate: str) -> Callable:
    """Decorator for a view function: ``@ratelimit("stl-check", "30/h")``.

    For views that want a limit of their own in code rather than in settings."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if settings.MAKERHUB_RATE_LIMITS_ENABLED:
                retry_after = rate_hit(
                    scope=scope, key=requester_key(request), rate=rate_parse(rate)
                )
                if retry_after:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
