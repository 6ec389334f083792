"""Object storage whose files are reached only through MakerHub's permission-checked view.

``PrivateS3Storage.url()`` gives the site's own ``/media/<name>`` address, so pages and the
API link every upload to ``ops.media.media_file``; only that view (and the apps' own download
views, after their checks) asks for ``signed_url()``: a link to the private bucket that
expires within minutes (``querystring_expire``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    def url(
        self, name: str, parameters: Any = None, expire: Any = None, http_method: Any = None
    ) -> str:
        return f"/{settings.MEDIA_URL.strip('/')}/{quote(name)}"

    def signed_url(self, name: str, *, parameters: dict[str, str] | None = None) -> str:
        return super().url(name, parameters=parameters)
