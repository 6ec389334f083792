"""The personal needs profile (GDPR Art. 9): consent, withdrawal, sharing decided per
booking, nobody else sees it; support persons with recorded consent."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.urls import reverse

from accessibility import selectors, services
from accessibility.models import ConsentEvent, Need, NeedsProfile, SupportPerson
from makerhub.errors import Conflict, ServiceError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
VERSION = services.NEEDS_CONSENT_VERSION


def _save(user, needs=("more_time",), other=""):  # type: ignore[no-untyped-def]
    return services.needs_profile_save(
        user=user, needs=list(needs), other_needs=other, consent=True, consent_version=VERSION
    )


def test_nothing_is_stored_without_explicit_consent_to_the_current_version(user):
    with pytest.raises(ServiceError) as error:
        services.needs_profile_save(
            user=user, needs=["wheelchair"], consent=False, consent_version=VERSION
        )
    assert error.value.field == "consent"
    with pytest.raises(Conflict):
        services.needs_profile_save(
            user=user, needs=["wheelchair"], consent=True, consent_version="2019-0"
        )
    with pytest.raises(ServiceError):
        services.needs_profile_save(
            user=user, needs=["epilepsy"], consent=True, consent_version=VERSION
        )
    assert not NeedsProfile.objects.exists() and not ConsentEvent.objects.exists()


def test_consent_is_recorded_with_its_version_and_withdrawal_deletes_at_once(user):
    profile = _save(user, needs=["wheelchair", "speak_slowly"], other="Bitte Pausen")
    assert profile.consent_version == VERSION
    event = ConsentEvent.objects.get(user=user)
    assert (event.purpose, event.version, event.action) == ("needs-profile", VERSION, "given")
    _save(user, needs=["wheelchair"])  # an update does not ask again
    assert ConsentEvent.objects.filter(user=user).count() == 1

    assert services.needs_profile_withdraw(user=user) is True
    assert not NeedsProfile.objects.filter(user=user).exists()
    withdrawn = ConsentEvent.objects.filter(user=user, action="withdrawn").get()
    assert withdrawn.version == VERSION
    # the proof of consent holds no needs
    assert "wheelchair" not in str(ConsentEvent.objects.values())
    assert services.needs_profile_withdraw(user=user) is False


def test_hooks_for_bookings_and_workshops(user):
    other = UserFactory()
    assert selectors.user_needs_more_time(user=user) is False
    assert selectors.profile_needs_for_sharing(user=user) == []
    _save(user, needs=["more_time", "talker"], other="Bitte Pausen")
    assert selectors.user_needs_more_time(user=user) is True
    assert selectors.profile_needs_for_sharing(user=user) == [
        str(Need.MORE_TIME.label),
        str(Need.TALKER.label),
        "Bitte Pausen",
    ]
    _save(other, needs=["wheelchair"])
    shared = SimpleNamespace(pk=1, user_id=user.pk, share_needs=True)
    private = SimpleNamespace(pk=2, user_id=other.pk, share_needs=False)
    old_style = SimpleNamespace(pk=3, user_id=other.pk)  # no share_needs attribute: not shared
    result = selectors.shared_needs_for_bookings(bookings=[shared, private, old_style])
    assert set(result) == {1}
    assert str(Need.TALKER.label) in result[1]
    services.needs_profile_withdraw(user=user)
    assert selectors.shared_needs_for_bookings(bookings=[shared]) == {}
    assert selectors.user_needs_more_time(user=user) is False


def test_nobody_else_sees_the_needs(client, api_client, user, space, staff):
    _save(user, needs=["assistant"], other="Meine Assistenz heißt Kim")
    # not in the admin at all, not even for superusers
    assert NeedsProfile not in admin.site._registry
    # the API only ever answers with the caller's own profile
    api_client.force_authenticate(staff)
    assert api_client.get(reverse("api:needs-profile")).status_code == 404
    api_client.force_authenticate(user)
    assert api_client.get(reverse("api:needs-profile")).json()["needs"] == ["assistant"]
    # the staff of the person's space see nothing of it on the pages they use
    client.force_login(staff)
    for url in (space.get_absolute_url(), reverse("needs-profile"), reverse("need-list")):
        assert "Kim" not in client.get(url).content.decode()
    anonymous = api_client.__class__()
    assert anonymous.get(reverse("api:needs-profile")).status_code in (401, 403)


def test_api_put_and_delete(api_client, user):
    api_client.force_authenticate(user)
    url = reverse("api:needs-profile")
    bad = api_client.put(
        url, {"needs": ["wheelchair"], "consent": False, "consent_version": VERSION}, format="json"
    )
    assert bad.status_code == 400 and "consent" in bad.json()["errors"]
    ok = api_client.put(
        url, {"needs": ["wheelchair"], "consent": True, "consent_version": VERSION}, format="json"
    )
    assert ok.status_code == 200
    assert api_client.delete(url).status_code == 204
    assert not NeedsProfile.objects.exists()


def test_needs_page_keeps_input_on_error_and_deletes_on_withdrawal(client, user):
    client.force_login(user)
    url = reverse("needs-profile")
    response = client.post(url, {"action": "save", "needs": ["seated"], "consent_version": VERSION})
    assert response.status_code == 200
    body = response.content.decode()
    assert "error-summary" in body and 'value="seated"' in body and "checked" in body
    client.post(
        url, {"action": "save", "needs": ["seated"], "consent": "on", "consent_version": VERSION}
    )
    assert NeedsProfile.objects.get(user=user).needs == ["seated"]
    client.post(url, {"action": "withdraw"})
    assert not NeedsProfile.objects.exists()


def test_support_person_needs_recorded_consent_and_can_be_ended(user):
    carer = UserFactory(email="carer@example.org")
    stranger = UserFactory()
    version = services.SUPPORT_CONSENT_VERSION
    with pytest.raises(ServiceError):
        services.support_person_link(
            user=user, supporter_email="carer@example.org", consent=False, consent_version=version
        )
    with pytest.raises(ServiceError):
        services.support_person_link(
            user=user, supporter_email=user.email, consent=True, consent_version=version
        )
    with pytest.raises(ServiceError):
        services.support_person_link(
            user=user, supporter_email="nobody@example.org", consent=True, consent_version=version
        )
    link = services.support_person_link(
        user=user, supporter_email="CARER@example.org", consent=True, consent_version=version
    )
    with pytest.raises(Conflict):
        services.support_person_link(
            user=user, supporter_email="carer@example.org", consent=True, consent_version=version
        )
    assert selectors.user_can_act_for(actor=carer, user=user)
    assert not selectors.user_can_act_for(actor=stranger, user=user)
    assert not selectors.user_can_act_for(actor=user, user=carer)  # one direction only
    assert list(selectors.users_supported_by(supporter=carer)) == [user]
    assert ConsentEvent.objects.filter(user=user, purpose="support-person", action="given").exists()
    # the support person does not get the needs
    _save(user, needs=["talker"])
    assert selectors.needs_profile_for_owner(user=carer) is None
    services.support_person_revoke(user=user, link_id=link.pk)
    assert not selectors.user_can_act_for(actor=carer, user=user)
    assert SupportPerson.objects.get(pk=link.pk).revoked_at is not None


def test_withdrawal_tells_other_apps_after_the_commit(user, django_capture_on_commit_callbacks):
    from accessibility.signals import needs_profile_withdrawn

    heard = []

    def listener(sender, user, **kwargs):  # type: ignore[no-untyped-def]
        heard.append(user.pk)

    needs_profile_withdrawn.connect(listener)
    try:
        _save(user)
        with django_capture_on_commit_callbacks(execute=True):
            services.needs_profile_withdraw(user=user)
        assert heard == [user.pk]
    finally:
        needs_profile_withdrawn.disconnect(listener)
