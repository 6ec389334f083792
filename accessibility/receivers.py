"""Keep a visitor's display settings when they log in: what they chose in this browser
(cookies) carries over to the account, unless the account already has its own settings."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from accessibility import selectors


@receiver(user_logged_in, dispatch_uid="accessibility-display-settings-on-login")
def display_settings_from_cookies(
    sender: Any, request: HttpRequest, user: Any, **kwargs: Any
) -> None:
    if request is None or not hasattr(user, "text_size"):
        return
    cookies = request.COOKIES
    account_untouched = not user.high_contrast and user.text_size == "normal" and not user.easy_read
    if not account_untouched:
        return
    changed = []
    if cookies.get(selectors.CONTRAST_COOKIE) == "1":
        user.high_contrast = True
        changed.append("high_contrast")
    size = cookies.get(selectors.TEXT_SIZE_COOKIE)
    if size in selectors.TEXT_SIZES and size != "normal":
        user.text_size = size
        changed.append("text_size")
    if cookies.get(selectors.EASY_READ_COOKIE) == "1":
        user.easy_read = True
        changed.append("easy_read")
    if changed:
        user.save(update_fields=changed)
