"""Every uploaded file is served through one permission-checked view, never straight from disk.

An app declares each of its file fields once, in ``<app>.selectors.served_files()``, as a
:class:`ServedFile`: who may see a row's file, and the name it is saved under. Fields that the
app serves through a view of its own (design files count downloads, for example) are declared
with ``own_view`` instead, and ``/media/`` never serves them. ``tests/security/test_media.py``
fails when a model gains a file field that no app declared.

``/media/<name>`` (``MEDIA_URL``) then answers with the file only when the row that holds
``name`` is visible to the person asking, and 404 otherwise: an unpublished design's photo, a
hidden need's prototype or a name that was guessed give nothing, not even a hint that they
exist. Files always come as attachments (an ``<img>`` shows them all the same), with
``nosniff`` and a sandboxing Content-Security-Policy, so nothing uploaded is ever rendered or
run as a page of this site. With object storage the answer is a redirect to a signed URL that
expires within minutes (``AWS_QUERYSTRING_EXPIRE``), given out only after the same check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from pathlib import PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from ops.uploads import attachment_response

IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


@dataclass(frozen=True)
class ServedFile:
    model: str  # "app_label.Model"
    field: str  # the FileField / ImageField
    # (row, person or AnonymousUser) -> may this person see the row's file?
    visible: Callable[[Any, Any], bool] | None = None
    # row -> the name the file is saved under (without the extension)
    download_name: Callable[[Any], str] = lambda row: f"{row._meta.model_name}-{row.pk}"
    # related rows the visibility check reads, fetched with the row
    select_related: tuple[str, ...] = ()
    # Set instead of ``visible`` when the app serves the field itself: the view's name.
    own_view: str = ""

    @property
    def key(self) -> str:
        return f"{self.model}.{self.field}"

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


@cache
def declared_files() -> dict[str, ServedFile]:
    """What every app declared, by ``"app_label.Model.field"``."""
    declared: dict[str, ServedFile] = {}
    for app in settings.MAKERHUB_APPS:
        try:
            module = import_module(f"{app}.selectors")
        except ModuleNotFoundError:
            continue
        provider = getattr(module, "served_files", None)
        if provider is not None:
            for entry in provider():
                declared[entry.key] = entry
    return declared


def file_fields() -> list[str]:
    """Every file field of our apps' models, as ``"app_label.Model.field"``."""
    found = []
    for app in settings.MAKERHUB_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                if isinstance(field, models.FileField):
                    found.append(f"{model._meta.label}.{field.name}")
    return found


def _prefix(entry: ServedFile) -> str:
    """The folder the field stores its files in (``random_upload_to`` or a plain string)."""
    upload_to = entry.model_class()._meta.get_field(entry.field).upload_to  # type: ignore[union-attr]
    prefix = getattr(upload_to, "prefix", upload_to)
    return f"{prefix.strip('/')}/" if isinstance(prefix, str) else ""


def _owner(name: str) -> tuple[ServedFile, Any] | None:
    """The declared field and the row holding the stored file ``name``, if any. Only fields
    whose folder the name lies in are asked (each such column is indexed)."""
    for entry in declared_files().values():
        if entry.own_view or entry.visible is None:
            continue
        prefix = _prefix(entry)
        if not prefix or not name.startswith(prefix):
            continue
        row = (
            entry.model_class()
            ._default_manager.select_related(*entry.select_related)
            .filter(**{entry.field: name})
            .first()
        )
        if row is not None:
            return entry, row
    return None


@require_GET
def media_file(request: HttpRequest, name: str) -> HttpResponseBase:
    # Stored names are relative and never climb out of the media folder.
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not name:
        raise Http404(name)
    found = _owner(name)
    if found is None:
        raise Http404(name)
    entry, row = found
    assert entry.visible is not None  # _owner() skips the others
    if not entry.visible(row, request.user):
        raise Http404(name)
    file = getattr(row, entry.field)
    download_name = f"{entry.download_name(row)}{path.suffix.lower()}"
    # Images were re-encoded on upload: name their type so <img> shows them under nosniff.
    content_type = IMAGE_TYPES.get(path.suffix.lower(), "application/octet-stream")
    try:
        response = attachment_response(file, download_name=download_name, content_type=content_type)
    except FileNotFoundError as error:  # the row outlived its file (restored without media)
        raise Http404(name) from error
    if response.status_code == 200 and entry.visible(row, None):
        # Public anyway (a published design's photo): browsers may keep it a little while.
        response["Cache-Control"] = "public, max-age=300"
    return response
