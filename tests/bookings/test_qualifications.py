from datetime import timedelta

import pytest
from django.utils import timezone

from bookings import selectors, services
from bookings.models import Qualification
from makerhub.errors import PermissionDenied
from tests.factories import SpaceFactory


@pytest.fixture
def induction(space):
    return Qualification.objects.create(space=space, name="Laser induction", valid_for_days=365)


@pytest.mark.django_db
def test_staff_grants_and_revokes_with_record(induction, staff, member):
    grant = services.qualification_grant(qualification=induction, user=member, granted_by=staff)
    assert selectors.user_holds_qualification(user=member, qualification=induction)
    assert grant.granted_by == staff
    assert grant.expires_at - grant.granted_at == timedelta(days=365)
    assert (
        services.qualification_revoke(qualification=induction, user=member, revoked_by=staff) == 1
    )
    grant.refresh_from_db()
    assert grant.revoked_by == staff and grant.revoked_at
    assert not selectors.user_holds_qualification(user=member, qualification=induction)


@pytest.mark.django_db
def test_staff_of_another_space_and_members_may_not_grant(induction, member, user):
    other_staff = user
    from spaces.services import membership_set

    membership_set(space=SpaceFactory(), user=other_staff, role="staff")
    for actor in (member, other_staff):
        with pytest.raises(PermissionDenied):
            services.qualification_grant(qualification=induction, user=member, granted_by=actor)
    assert not induction.grants.exists()


@pytest.mark.django_db
def test_expired_grant_does_not_count(induction, staff, member):
    grant = services.qualification_grant(qualification=induction, user=member, granted_by=staff)
    grant.expires_at = timezone.now() - timedelta(minutes=1)
    grant.save()
    assert not selectors.user_holds_qualification(user=member, qualification=induction)


@pytest.mark.django_db
def test_revoke_by_source_only_touches_that_source(induction, staff, member):
    services.qualification_grant(qualification=induction, user=member, granted_by=staff)
    services.qualification_grant(
        qualification=induction,
        user=member,
        granted_by=None,
        source="workshops.Signup:1",
        check_permission=False,
    )
    revoked = services.qualification_revoke(
        qualification=induction,
        user=member,
        revoked_by=None,
        source="workshops.Signup:1",
        check_permission=False,
    )
    assert revoked == 1
    assert selectors.user_holds_qualification(user=member, qualification=induction)


def test_no_qualification_needed_means_anyone():
    assert selectors.user_holds_qualification(user=None, qualification=None)


@pytest.mark.django_db
def test_staff_grant_and_revoke_in_the_admin_are_recorded(client, induction, staff, member):
    from django.urls import reverse

    from bookings.models import QualificationGrant

    client.force_login(staff)
    response = client.post(
        reverse("admin:bookings_qualificationgrant_add"),
        {"qualification": induction.pk, "user": member.pk, "note": "Einweisung am Montag"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    grant = QualificationGrant.objects.get()
    assert grant.granted_by == staff and grant.granted_at and grant.expires_at
    client.post(
        reverse("admin:bookings_qualificationgrant_changelist"),
        {"action": "revoke", "_selected_action": [grant.pk]},
    )
    grant.refresh_from_db()
    assert grant.revoked_by == staff
    assert not selectors.user_holds_qualification(user=member, qualification=induction)
