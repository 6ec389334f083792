"""Top-level URLs. Each app keeps its pages in ``<app>/urls.py`` and its API in
``<app>/api_urls.py``; both are included here once, so apps never edit this file."""

from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as account_views
from accounts.api import TokenCreateApi
from makerhub.health import healthz

api_v1: list = [path("auth/token/", TokenCreateApi.as_view(), name="api-token")]
pages: list = []
for app in settings.MAKERHUB_APPS:
    if find_spec(f"{app}.api_urls"):
        api_v1.append(path("", include(f"{app}.api_urls")))
    if find_spec(f"{app}.urls"):
        pages.append(path("", include(f"{app}.urls")))

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("language/", account_views.language_set, name="language-set"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="ops/swagger_ui.html"
        ),
        name="api-docs",
    ),
    *pages,
]

handler404 = "makerhub.views.page_not_found"
handler500 = "makerhub.views.server_error"
handler403 = "makerhub.views.permission_denied"
