from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from makerhub.errors import ServiceError


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    display_name: str,
    preferred_language: str,
    high_contrast: bool = False,
    text_size: str = User.TextSize.NORMAL,
    easy_read: bool = False,
) -> User:
    """Save the person's own settings. Raises ServiceError on a value outside the choices."""
    display_name = display_name.strip()
    if len(display_name) > 80:
        raise ServiceError(
            _("Please use at most 80 characters for your display name."), field="display_name"
        )
    if preferred_language not in User.Language.values:
        raise ServiceError(_("Please choose German or English."), field="preferred_language")
    if text_size not in User.TextSize.values:
        raise ServiceError(_("Please choose one of the text sizes."), field="text_size")
    user.display_name = display_name
    user.preferred_language = preferred_language
    user.high_contrast = high_contrast
    user.text_size = text_size
    user.easy_read = easy_read
    user.save(
        update_fields=[
            "display_name",
            "preferred_language",
            "high_contrast",
            "text_size",
            "easy_read",
        ]
    )
    return user


def user_language_set(*, user: User, language: str) -> None:
    if language in User.Language.values and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
