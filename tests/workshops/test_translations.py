"""“Sign up” for a workshop (Anmelden) is not “Sign up” for an account (Registrieren)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext


def test_workshop_and_account_sign_up_are_told_apart_in_german():
    with translation.override("de"):
        assert pgettext("workshop", "Sign up") == "Anmelden"
        assert pgettext("account", "Sign up") == "Registrieren"


@pytest.mark.django_db
def test_detail_page_button_says_anmelden_and_header_says_registrieren(client, session, member):
    anonymous = client.get(session.workshop.get_absolute_url()).content.decode()
    assert ">Registrieren</a>" in anonymous  # the account sign-up in the header

    client.force_login(member)
    html = client.get(session.workshop.get_absolute_url()).content.decode()
    url = reverse("workshop-signup", args=[session.pk])
    button = re.search(rf'formaction="{re.escape(url)}">([^<]*)<', html)
    assert button is not None and button.group(1).strip() == "Anmelden"
    assert "Registrieren" not in html.split("<main", 1)[-1]
