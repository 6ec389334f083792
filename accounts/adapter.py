from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user, form, commit: bool = True):  # type: ignore[no-untyped-def]
        """New accounts start in the language the person was browsing in."""
        user = super().save_user(request, user, form, commit=False)
        language = getattr(request, "LANGUAGE_CODE", None)
        if language in ("de", "en"):
            user.preferred_language = language
        display_name = form.cleaned_data.get("display_name")
        if display_name:
            user.display_name = display_name.strip()
        if commit:
            user.save()
        return user
