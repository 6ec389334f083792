import pytest
from django.urls import reverse

from tests.workshops.factories import SessionFactory, WorkshopFactory

BADGE = 'class="badge badge-easy-read">Easy-to-read text</span>'


@pytest.fixture
def easy_and_plain(space):
    easy = WorkshopFactory(
        space=space,
        title="Löten lernen",
        description="Die ausführliche Beschreibung des Lötkurses.",
        easy_summary="Sie lernen löten.\nDas ist leicht.",
    )
    plain = WorkshopFactory(space=space, title="Fräsen für Fortgeschrittene", easy_summary="")
    SessionFactory(workshop=easy)
    SessionFactory(workshop=plain)
    return easy, plain


@pytest.mark.django_db
def test_switch_puts_the_easy_text_first_on_the_workshop_page(client, easy_and_plain):
    easy, plain = easy_and_plain
    client.cookies["makerhub_language"] = "en"

    html = client.get(easy.get_absolute_url()).content.decode()
    assert html.count("Sie lernen löten.") == 1
    assert "easy-read-first" not in html
    assert html.index('class="meta"') < html.index('id="easy-heading"')

    client.cookies["mh_easy_read"] = "1"
    html = client.get(easy.get_absolute_url()).content.decode()
    assert html.count("Sie lernen löten.") == 1
    assert "ws-easy easy-read-first" in html
    easy_at = html.index('id="easy-heading"')
    assert html.index("</h1>") < easy_at < html.index('class="meta"')
    assert easy_at < html.index("Die ausführliche Beschreibung")
    # A workshop without an easy-to-read text shows no empty section.
    assert 'id="easy-heading"' not in client.get(plain.get_absolute_url()).content.decode()

    client.cookies["mh_easy_read"] = "0"
    assert "easy-read-first" not in client.get(easy.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_list_marks_workshops_with_easy_text_and_filters_them(client, easy_and_plain):
    client.cookies["makerhub_language"] = "en"
    listing = client.get(reverse("workshop-list")).content.decode()
    assert listing.count('class="card"') == 2
    assert listing.count(BADGE) == 1
    card = listing[listing.index(">Löten lernen<") :]
    assert card.index(BADGE) < card.index("</li>")
    assert 'name="easy_read"' in listing and "Only with easy-to-read text" in listing

    filtered = client.get(reverse("workshop-list"), {"easy_read": "on"}).content.decode()
    assert filtered.count('class="card"') == 1
    assert "Löten lernen" in filtered and "Fräsen für Fortgeschrittene" not in filtered


@pytest.mark.django_db
def test_list_badge_and_filter_in_german(client, easy_and_plain):
    client.cookies["makerhub_language"] = "de"
    listing = client.get(reverse("workshop-list")).content.decode()
    assert "Only with easy-to-read text" not in listing
    assert "Easy-to-read text</span>" not in listing
    assert listing.count(">Text in Leichter Sprache</span>") == 1
    assert "Nur mit Text in Leichter Sprache" in listing
