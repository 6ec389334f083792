"""A Celery app for tests/ops/test_redelivery.py: MakerHub's app plus one probe task whose
first delivery kills the worker process running it, as an out-of-memory kill would."""

import os
import signal
from pathlib import Path

from makerhub.celery import app


@app.task(name="tests.redelivery_probe")
def redelivery_probe(folder: str) -> None:
    marker = Path(folder)
    deliveries = len(list(marker.glob("delivery-*"))) + 1
    (marker / f"delivery-{deliveries}").touch()
    if deliveries == 1:
        os.kill(os.getpid(), signal.SIGKILL)  # the worker dies in the middle of the task
    (marker / "done").touch()
