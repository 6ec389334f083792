from datetime import date, time

import pytest

from makerhub.errors import ServiceError
from spaces import selectors, services
from spaces.models import Role
from tests.factories import SpaceFactory, UserFactory


@pytest.mark.django_db
def test_staff_role_gives_admin_access_and_removing_it_takes_it_away(space, user):
    services.membership_set(space=space, user=user, role=Role.STAFF)
    user.refresh_from_db()
    assert user.is_staff
    services.membership_set(space=space, user=user, role=Role.MEMBER)
    user.refresh_from_db()
    assert not user.is_staff


@pytest.mark.django_db
def test_roles_rank_and_stay_in_their_space(space, user):
    other = SpaceFactory()
    services.membership_set(space=space, user=user, role=Role.STAFF)
    services.membership_set(space=other, user=user, role=Role.MEMBER)
    assert selectors.user_has_role(user=user, space=space, role=Role.HOST)
    assert not selectors.user_has_role(user=user, space=other, role=Role.HOST)
    assert list(selectors.spaces_where_user_has_role(user=user, role=Role.STAFF)) == [space]
    assert set(selectors.spaces_where_user_has_role(user=user, role=Role.MEMBER)) == {space, other}


@pytest.mark.django_db
def test_unknown_role_is_refused(space, user):
    with pytest.raises(ServiceError) as error:
        services.membership_set(space=space, user=user, role="overlord")
    assert error.value.field == "role"


@pytest.mark.django_db
def test_opening_hours_refuse_overlap_and_backwards(space):
    services.opening_hours_add(space=space, weekday=1, opens=time(10), closes=time(14))
    services.opening_hours_add(space=space, weekday=1, opens=time(15), closes=time(18))
    with pytest.raises(ServiceError, match="overlaps"):
        services.opening_hours_add(space=space, weekday=1, opens=time(13), closes=time(16))
    with pytest.raises(ServiceError):
        services.opening_hours_add(space=space, weekday=2, opens=time(16), closes=time(15))
    assert space.opening_hours.count() == 2


@pytest.mark.django_db
def test_closure_refuses_end_before_start(space):
    with pytest.raises(ServiceError):
        services.closure_add(space=space, start_date=date(2026, 5, 2), end_date=date(2026, 5, 1))


@pytest.mark.django_db
def test_superuser_counts_as_staff_everywhere(space):
    boss = UserFactory(is_superuser=True)
    assert selectors.user_role(user=boss, space=space) == Role.STAFF
