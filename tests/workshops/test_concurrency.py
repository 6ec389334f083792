"""Capacity under concurrent sign-ups, against PostgreSQL (skips on SQLite).

The first test shows the race is real: with the row lock taken away and a pause between
counting and inserting, more people than seats get confirmed. The second shows the lock
closes it: 24 threads released together for 5 seats give exactly 5 confirmed."""

import threading
import time
from collections import Counter

import pytest
from django.db import connection

from tests.factories import UserFactory
from tests.workshops.factories import SessionFactory
from workshops import services
from workshops.models import Session, Signup

THREADS = 24
SEATS = 5


def _slow_count(monkeypatch):
    real = services._seats_taken

    def slow(session):
        taken = real(session)
        time.sleep(0.15)  # widen the window between counting and inserting
        return taken

    monkeypatch.setattr(services, "_seats_taken", slow)


def _race(session_id):
    people = [UserFactory() for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    statuses, errors = [], []

    def sign_up(person):
        try:
            barrier.wait(timeout=20)
            signup = services.signup_create(session_id=session_id, user=person)
            statuses.append(signup.status)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses, errors


@pytest.mark.django_db(transaction=True)
def test_without_the_lock_the_race_overbooks(postgres_only, monkeypatch):
    session = SessionFactory(capacity=SEATS)
    _slow_count(monkeypatch)

    def no_lock(session_id):
        return Session.objects.select_related("workshop__space").get(pk=session_id)

    monkeypatch.setattr(services, "_lock_session", no_lock)
    statuses, errors = _race(session.pk)
    assert not errors
    assert Counter(statuses)[Signup.Status.CONFIRMED] > SEATS


@pytest.mark.django_db(transaction=True)
def test_concurrent_signups_never_exceed_capacity(postgres_only, monkeypatch):
    session = SessionFactory(capacity=SEATS)
    _slow_count(monkeypatch)
    statuses, errors = _race(session.pk)
    assert not errors
    assert Counter(statuses) == {
        Signup.Status.CONFIRMED: SEATS,
        Signup.Status.WAITLISTED: THREADS - SEATS,
    }
    rows = Signup.objects.filter(session=session)
    assert rows.filter(status=Signup.Status.CONFIRMED).count() == SEATS
    assert rows.filter(status=Signup.Status.WAITLISTED).count() == THREADS - SEATS
