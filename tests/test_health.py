import pytest


@pytest.mark.django_db
def test_healthz_reports_database(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


@pytest.mark.django_db
def test_healthz_is_503_when_broker_is_down(client, settings):
    from makerhub.celery import app

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    original = app.conf.broker_url
    app.conf.broker_url = settings.CELERY_BROKER_URL
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = original
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "down"}


@pytest.mark.django_db
def test_healthz_is_503_when_database_is_down(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "down"


@pytest.fixture
def memory_broker(settings):
    """A configured broker that answers (kombu's in-memory transport)."""
    from makerhub.celery import app

    settings.CELERY_BROKER_URL = "memory://"
    original = app.conf.broker_url
    app.conf.broker_url = "memory://"
    yield
    app.conf.broker_url = original


@pytest.mark.django_db
def test_healthz_is_503_when_no_worker_answered_recently(client, memory_broker):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "ok", "worker": "down"}


@pytest.mark.django_db
def test_healthz_is_ok_after_a_worker_ran_the_heartbeat(client, memory_broker):
    from ops.tasks import heartbeat_task

    heartbeat_task.delay()  # eager here; beat queues it every minute in production
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok", "worker": "ok"}


@pytest.mark.django_db
def test_healthz_counts_a_stale_heartbeat_as_down(client, memory_broker, settings):
    from datetime import timedelta

    from django.utils import timezone

    from ops.services import heartbeat_record

    settings.MAKERHUB_WORKER_HEARTBEAT_MAX_AGE = 300
    heartbeat_record(hostname="worker-1", at=timezone.now() - timedelta(seconds=301))
    assert client.get("/healthz").json()["checks"]["worker"] == "down"
    heartbeat_record(hostname="worker-1", at=timezone.now() - timedelta(seconds=299))
    assert client.get("/healthz").json()["checks"]["worker"] == "ok"
