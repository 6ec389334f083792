"""The Celery application. Without CELERY_BROKER_URL, tasks run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "makerhub.settings.dev")

app = Celery("makerhub")
app.config_from_object("django.conf:settings", namespace="CELERY")
if not app.conf.broker_url:
    app.conf.broker_url = "memory://"
app.autodiscover_tasks()


@app.task(name="makerhub.ping", ignore_result=False)
def ping() -> str:
    """Answers 'pong': used by the health check and the broker test to prove a round trip."""
    return "pong"
