"""A real round trip through the configured broker; skipped when there is none."""

import pytest
from django.conf import settings


def test_task_round_trip_through_real_broker():
    broker = settings.MAKERHUB_TEST_BROKER_URL
    if not broker:
        pytest.skip("no CELERY_BROKER_URL: tasks run in-process in this run")
    from celery.contrib.testing.worker import start_worker

    from makerhub.celery import app, ping

    def forget_backend() -> None:
        # Tasks run eagerly earlier in the session cached the "no result backend" backend.
        app._backend_cache = None
        app._local.__dict__.pop("backend", None)

    app.conf.update(broker_url=broker, result_backend=broker, task_always_eager=False)
    forget_backend()
    try:
        with start_worker(app, perform_ping_check=False, pool="solo"):
            assert ping.delay().get(timeout=20) == "pong"
    finally:
        app.conf.update(task_always_eager=True, result_backend=None)
        forget_backend()
