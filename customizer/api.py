"""API of the customizer: the form as JSON Schema, asking for a render, reading a render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from customizer import messages, render, scad, selectors, services
from customizer.models import Customization


def _language(request: Request) -> str:
    wanted = request.query_params.get("lang", "")
    supported = {code for code, _name in settings.LANGUAGES}
    return wanted if wanted in supported else translation.get_language() or "de"


def customization_body(request: Request, customization: Customization) -> dict[str, Any]:
    """What the API says about one render."""
    api_url = reverse("api:customization-detail", kwargs={"pk": customization.pk})
    body: dict[str, Any] = {
        "id": str(customization.pk),
        "url": request.build_absolute_uri(api_url),
        "status": customization.status,
        "design": customization.source.design.slug,
        "values": customization.values,
        "page_url": request.build_absolute_uri(customization.get_absolute_url()),
    }
    if not customization.is_finished:
        return body
    from designs.reports import report_localized

    body["report"] = report_localized(customization.report) if customization.report else None
    body["download_url"] = (
        request.build_absolute_uri(
            reverse("customization-download", kwargs={"pk": customization.pk})
        )
        if customization.has_stl
        else None
    )
    body["preview_url"] = (
        request.build_absolute_uri(
            reverse("customization-preview", kwargs={"pk": customization.pk})
        )
        if customization.preview
        else None
    )
    body["failure"] = (
        {"code": customization.failure, "message": messages.failure(customization.failure)}
        if customization.failure
        else None
    )
    body["fits"] = [
        {
            "machine": fit["machine"].name,
            "space": fit["space"].slug,
            "book_url": request.build_absolute_uri(fit["url"]) if fit["url"] else None,
        }
        for fit in selectors.fitting_machines(customization=customization)
    ]
    body["render_seconds"] = customization.render_seconds
    return body


class CustomizationParametersApi(APIView):
    """The design's customisable measurements as a JSON Schema object (``type: object``,
    one property per measurement with ``type``, ``title``, ``description``, ``default`` and
    ``minimum``/``maximum``/``multipleOf`` or ``enum``). ``?lang=en`` for English texts."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("lang", OpenApiTypes.STR, enum=["de", "en"])],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, slug: str) -> Response:
        source = selectors.source_get(slug=slug, user=request.user)  # type: ignore[arg-type]
        parsed = services.parameters_of(source)
        language = _language(request)
        with translation.override(language):
            schema = scad.json_schema(parsed, language=language, title=str(source.design))
            schema["x-renderer-available"] = render.openscad_path() is not None
        return Response(schema)


class CustomizationCreateApi(APIView):
    """Ask for an STL with these values (a JSON object, measurement name → value; missing
    ones take the default). 400 with field errors for anything outside the schema; 202 with
    ``{"id", "url", "status": "pending"}`` while it renders; 200 with the finished render
    when the same values were rendered before. 503 when OpenSCAD is not installed."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={
            202: inline_serializer(
                "CustomizationAccepted",
                {
                    "id": serializers.UUIDField(),
                    "url": serializers.URLField(),
                    "status": serializers.CharField(),
                },
            ),
            200: OpenApiTypes.OBJECT,
        },
    )
    def post(self, request: Request, slug: str) -> Response:
        source = selectors.source_get(slug=slug, user=request.user)  # type: ignore[arg-type]
        if not isinstance(request.data, dict):
            raise serializers.ValidationError(
                {"non_field_errors": [_("Please send the values as a JSON object.")]}
            )
        values = dict(request.data.items())
        customization = services.customization_request(
            source=source,
            raw_values=values,
            user=request.user,  # type: ignore[arg-type]
        )
        customization.refresh_from_db()
        if customization.is_finished:
            return Response(customization_body(request, customization), status=status.HTTP_200_OK)
        api_url = reverse("api:customization-detail", kwargs={"pk": customization.pk})
        return Response(
            {
                "id": str(customization.pk),
                "url": request.build_absolute_uri(api_url),
                "status": customization.status,
            },
            status=status.HTTP_202_ACCEPTED,
        )


class CustomizationDetailApi(APIView):
    """One render: ``status`` (pending, running, printable, warnings, rejected, failed),
    the validation ``report``, ``download_url`` and the printers it fits on."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, pk: str) -> Response:
        customization = selectors.customization_get(pk=pk, user=request.user)  # type: ignore[arg-type]
        return Response(customization_body(request, customization))
