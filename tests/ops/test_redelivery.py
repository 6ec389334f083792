"""A worker process killed in the middle of a task: the task is delivered again
(task_acks_late + task_reject_on_worker_lost), so no work is lost. Needs a real broker."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_task_is_delivered_again_after_its_worker_was_killed(tmp_path):
    broker = settings.MAKERHUB_TEST_BROKER_URL
    if not broker:
        pytest.skip("needs CELERY_BROKER_URL (a real broker); this run has none")
    queue = f"redelivery-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "DJANGO_SETTINGS_MODULE": "makerhub.settings.test",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.ops.celery_probe",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        from makerhub.celery import app

        with app.connection_for_write(broker) as connection:
            app.send_task(
                "tests.redelivery_probe", args=[str(tmp_path)], queue=queue, connection=connection
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (tmp_path / "done").exists():
            time.sleep(0.5)
        deliveries = sorted(path.name for path in tmp_path.glob("delivery-*"))
        assert deliveries == ["delivery-1", "delivery-2"], deliveries
        assert (tmp_path / "done").exists()
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
