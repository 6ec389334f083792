"""GDPR: withdrawing consent for the needs profile erases the needs shared for sign-ups."""

from __future__ import annotations

import pytest

from accessibility import services as a11y_services
from tests.factories import UserFactory
from tests.workshops.factories import SessionFactory
from workshops import services
from workshops.models import Signup

pytestmark = pytest.mark.django_db


def _profile(user):  # type: ignore[no-untyped-def]
    a11y_services.needs_profile_save(
        user=user,
        needs=["wheelchair"],
        consent=True,
        consent_version=a11y_services.NEEDS_CONSENT_VERSION,
    )


def _signup_with_needs(session, user):  # type: ignore[no-untyped-def]
    return services.signup_create(
        session_id=session.pk,
        user=user,
        needs_text="Ich brauche einen Platz am Gang.",
        needs_options=["Rollstuhl"],
        needs_consent=True,
    )


def test_withdrawing_consent_erases_needs_shared_for_sign_ups(
    session, workshop, member, django_capture_on_commit_callbacks
):
    other = UserFactory()
    _profile(member)
    mine = _signup_with_needs(session, member)
    mine_later = _signup_with_needs(SessionFactory(workshop=workshop), member)
    theirs = _signup_with_needs(session, other)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert a11y_services.needs_profile_withdraw(user=member) is True
    assert callbacks  # erased only after the commit that deleted the profile

    for signup in Signup.objects.filter(pk__in=[mine.pk, mine_later.pk]):
        assert (signup.needs_consent, signup.needs_text, signup.needs_options) == (False, "", [])
        assert signup.status == Signup.Status.CONFIRMED  # the seat itself is kept
    theirs.refresh_from_db()
    assert theirs.needs_consent is True
    assert theirs.needs_text == "Ich brauche einen Platz am Gang."
    assert theirs.needs_options == ["Rollstuhl"]


def test_nothing_is_erased_before_the_commit(session, member, django_capture_on_commit_callbacks):
    _profile(member)
    signup = _signup_with_needs(session, member)
    with django_capture_on_commit_callbacks(execute=False):
        a11y_services.needs_profile_withdraw(user=member)
    signup.refresh_from_db()
    assert signup.needs_text  # the receiver runs only once the withdrawal is committed
