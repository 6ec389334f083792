"""A file whose STL check was lost (worker killed) does not stay "pending" for ever."""

from datetime import timedelta

import pytest
from django.utils import timezone

from designs import services as design_services
from designs.models import DesignFile
from ops.services import validations_requeue
from tests.designs.factories import make_design, stl_upload


@pytest.fixture
def pending_file(member, space, monkeypatch):
    design = make_design(author=member, space=space)
    # The upload's own check is "lost": queued but never run, as when a worker dies.
    monkeypatch.setattr("designs.tasks.design_file_validate_task.delay", lambda *a, **k: None)
    design_file = design_services.design_file_add(design=design, user=member, upload=stl_upload())
    monkeypatch.undo()
    assert design_file.status == DesignFile.Status.PENDING
    return design_file


@pytest.mark.django_db
def test_sweep_requeues_old_pending_checks_and_they_finish(
    pending_file, django_capture_on_commit_callbacks
):
    DesignFile.objects.filter(pk=pending_file.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert validations_requeue() == 1
    pending_file.refresh_from_db()
    assert pending_file.status != DesignFile.Status.PENDING
    assert pending_file.report  # the check ran and stored its report


@pytest.mark.django_db
def test_sweep_leaves_recent_uploads_alone(pending_file, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert validations_requeue() == 0
    pending_file.refresh_from_db()
    assert pending_file.status == DesignFile.Status.PENDING


@pytest.mark.django_db
def test_sweep_gives_up_after_a_few_attempts(pending_file, monkeypatch, settings):
    from django.core.cache import cache

    cache.clear()
    settings.MAKERHUB_STUCK_VALIDATION_ATTEMPTS = 2
    DesignFile.objects.filter(pk=pending_file.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    monkeypatch.setattr("designs.tasks.design_file_validate_task.delay", lambda *a, **k: None)
    later = timezone.now()
    assert [validations_requeue(now=later) for _ in range(3)] == [1, 1, 0]
