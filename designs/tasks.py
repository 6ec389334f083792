"""Background work of the design library: checking uploaded STL files."""

from __future__ import annotations

from celery import shared_task

from designs import services


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def design_file_validate_task(file_id: int) -> str:
    """Validate one uploaded STL file and store its report and thumbnail."""
    design_file = services.design_file_validate(file_id=file_id)
    return design_file.status
