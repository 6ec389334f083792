"""The easy-read switch shows easy-to-read German where a text exists, for visitors (cookie)
and for people with an account (User.easy_read)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from accessibility import services
from accessibility.easy_read_content import TEXTS
from accessibility.models import EasyReadText
from makerhub.errors import ServiceError

pytestmark = pytest.mark.django_db


def _render(source: str, *, easy: bool) -> str:
    request = RequestFactory().get("/")
    request.COOKIES["mh_easy_read"] = "1" if easy else "0"
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return Template("{% load accessibility %}" + source).render(Context({"request": request}))


def test_shipped_texts_exist_for_every_listed_page():
    keys = set(EasyReadText.objects.values_list("key", flat=True))
    assert {"home", "how-to-book", "how-to-workshop", "how-to-cancel", "privacy"} <= keys
    assert {k for k in keys if k.startswith("consent:")} == {
        f"consent:needs-profile:{services.NEEDS_CONSENT_VERSION}",
        f"consent:support-person:{services.SUPPORT_CONSENT_VERSION}",
    }
    for _title, text in TEXTS.values():
        for line in text.splitlines():
            assert len(line.split()) <= 14, line  # short sentences, one statement per line


def test_tags_show_easy_read_only_when_switched_on():
    services.easy_read_text_save(
        key="privacy", title="Datenschutz", text="Wir schützen Ihre Daten."
    )
    assert _render('{% easy_read "privacy" %}', easy=False) == ""
    shown = _render('{% easy_read "privacy" %}', easy=True)
    assert "Wir schützen Ihre Daten." in shown and 'lang="de"' in shown
    source = '{% easy_read_or "privacy" %}Normal text{% end_easy_read_or %}'
    assert _render(source, easy=False).strip() == "Normal text"
    assert "Normal text" not in _render(source, easy=True)
    missing = '{% easy_read_or "no-such-key" %}Normal text{% end_easy_read_or %}'
    assert _render(missing, easy=True).strip() == "Normal text"
    assert _render('{% easy_read_available "privacy" as has %}{{ has }}', easy=False) == "True"


def test_home_help_and_space_pages_switch_for_visitors_and_accounts(client, user, space):
    services.easy_read_text_save(
        key=f"space:{space.slug}", title="Die Werkstatt", text="Hier bauen Menschen Dinge."
    )
    assert "Hier bauen Menschen Dinge." not in client.get(space.get_absolute_url()).content.decode()
    client.post(reverse("easy-read-toggle"), {"enabled": "1"})
    assert "Hier bauen Menschen Dinge." in client.get(space.get_absolute_url()).content.decode()
    assert "Was ist MakerHub?" in client.get(reverse("home")).content.decode()
    help_page = client.get(reverse("accessibility-help")).content.decode()
    assert "So reservieren Sie eine Maschine" in help_page
    assert "Pick a free time" not in help_page and "Wählen Sie eine freie Zeit" not in help_page

    client.cookies.clear()
    client.force_login(user)
    client.post(reverse("easy-read-toggle"))  # no value: flip
    user.refresh_from_db()
    assert user.easy_read is True
    assert "Was ist MakerHub?" in client.get(reverse("home")).content.decode()


def test_easy_read_texts_refuse_long_sentences():
    with pytest.raises(ServiceError):
        services.easy_read_text_save(key="x", text=" ".join(["Wort"] * 25))
