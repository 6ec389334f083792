import pytest
from django.conf import settings

from tests.factories import OpeningHoursFactory, SpaceFactory


@pytest.mark.django_db
def test_home_lists_spaces_in_german_by_default(client):
    SpaceFactory(name="AWO Makerspace")
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert "Makerspaces in Dortmund" in html
    assert "AWO Makerspace" in html
    assert "Anmelden" in html  # "Log in" in German
    assert html.count("<h1") == 1
    assert 'href="#main"' in html


@pytest.mark.django_db
def test_language_switch_sets_cookie_and_profile(client, user):
    response = client.post("/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html
    client.force_login(user)
    client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    user.refresh_from_db()
    assert user.preferred_language == "en"


@pytest.mark.django_db
def test_language_switch_ignores_foreign_redirects(client):
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_space_page_shows_hours_rules_contact(client):
    space = SpaceFactory(house_rules="Schutzbrille tragen.", contact_email="hi@example.org")
    OpeningHoursFactory(space=space, weekday=2)
    html = client.get(f"/spaces/{space.slug}/").content.decode()
    assert "Mittwoch" in html and "10:00–18:00" in html
    assert "Schutzbrille tragen." in html
    assert "mailto:hi@example.org" in html


@pytest.mark.django_db
def test_unknown_url_gets_styled_404_in_users_language(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Page not found" in client.get("/no/such/page/").content.decode()


@pytest.mark.django_db
def test_profile_saves_settings_and_requires_login(client, user):
    assert client.get("/profile/").status_code == 302
    client.force_login(user)
    response = client.post(
        "/profile/",
        {
            "display_name": "Kim",
            "preferred_language": "en",
            "text_size": "large",
            "high_contrast": "on",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language, user.text_size, user.high_contrast) == (
        "Kim",
        "en",
        "large",
        True,
    )
    html = client.get("/").content.decode()
    assert "high-contrast" in html and "text-large" in html


@pytest.mark.django_db
def test_profile_rejects_bad_choice_and_keeps_input(client, user):
    client.force_login(user)
    response = client.post(
        "/profile/", {"display_name": "Kim", "preferred_language": "fr", "text_size": "normal"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'value="Kim"' in html
    user.refresh_from_db()
    assert user.display_name != "Kim"


@pytest.mark.django_db
def test_space_page_tells_visitor_their_role(client, space, staff):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Your role here" not in client.get(f"/spaces/{space.slug}/").content.decode()
    client.force_login(staff)
    staff.preferred_language = "en"
    staff.save()
    assert "Your role here: Staff" in client.get(f"/spaces/{space.slug}/").content.decode()
