from django.conf import settings
from django.urls import path

from ops import media

# Uploaded files, each only after its owner's permission check (ops/media.py).
urlpatterns = [
    path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", media.media_file, name="media-file"),
]
