import pytest

from tests.workshops.factories import SessionFactory, WorkshopFactory


@pytest.fixture
def workshop(space, host):
    return WorkshopFactory(space=space, hosts=[host])


@pytest.fixture
def session(workshop):
    return SessionFactory(workshop=workshop)
