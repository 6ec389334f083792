"""API of the design library under /api/v1/: thin views over selectors and services."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, cast

from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import InvalidPage
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.models import User
from designs import selectors, services, stl
from designs.models import Category, Design, DesignFile, Licence, Need
from designs.pagination import ResultsPaginator
from designs.reports import limits, machine_work_areas, report_localized
from makerhub.api import Pagination
from makerhub.errors import ServiceError
from spaces.models import Space

ANONYMOUS_STL_MAX_BYTES = 50 * 1024 * 1024


def _user(request: Request) -> User:
    return cast(User, request.user)


def _absolute(request: Request | None, path: str) -> str:
    return request.build_absolute_uri(path) if request else path


# --- output -------------------------------------------------------------------------------


class DesignFileOutput(serializers.ModelSerializer):
    variant = serializers.CharField(source="variant.name", default=None)
    version = serializers.IntegerField(source="version.number")
    url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField()

    class Meta:
        model = DesignFile
        fields = [
            "id",
            "original_name",
            "kind",
            "size_bytes",
            "status",
            "progress",
            "variant",
            "version",
            "downloads",
            "url",
            "download_url",
            "thumbnail_url",
            "report",
        ]

    def get_url(self, design_file: DesignFile) -> str:
        path = reverse("api:design-file-detail", kwargs={"pk": design_file.pk})
        return _absolute(self.context.get("request"), path)

    def get_download_url(self, design_file: DesignFile) -> str:
        return _absolute(self.context.get("request"), design_file.get_absolute_url())

    def get_thumbnail_url(self, design_file: DesignFile) -> str | None:
        if not design_file.thumbnail:
            return None
        return _absolute(self.context.get("request"), design_file.thumbnail.url)

    def get_report(self, design_file: DesignFile) -> dict[str, Any]:
        return report_localized(design_file.report) if design_file.report else {}


class DesignListOutput(serializers.ModelSerializer):
    space: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    needs = serializers.ListField(source="need_list", child=serializers.CharField())
    url = serializers.SerializerMethodField()

    class Meta:
        model = Design
        fields = [
            "slug",
            "title",
            "summary",
            "category",
            "tags",
            "needs",
            "licence",
            "space",
            "status",
            "published_at",
            "downloads",
            "is_example_geometry",
            "url",
        ]

    def get_url(self, design: Design) -> str:
        return _absolute(self.context.get("request"), design.get_absolute_url())


class DesignDetailOutput(DesignListOutput):
    files = serializers.SerializerMethodField()
    variants = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    remix_of: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    print_settings = serializers.SerializerMethodField()

    class Meta(DesignListOutput.Meta):
        fields = [
            *DesignListOutput.Meta.fields,
            "description",
            "easy_read_description",
            "easy_read_reviewed_by",
            "easy_read_reviewed_at",
            "authors_text",
            "attribution",
            "remix_of",
            "print_settings",
            "variants",
            "versions",
            "documents",
            "files",
        ]

    def get_files(self, design: Design) -> list[dict[str, Any]]:
        versions = list(design.versions.all())
        files = list(versions[0].files.all()) if versions else []
        return DesignFileOutput(files, many=True, context=self.context).data  # type: ignore[return-value]

    def get_variants(self, design: Design) -> list[dict[str, Any]]:
        return [{"name": v.name, "suits": v.suits} for v in design.variants.all()]

    def get_versions(self, design: Design) -> list[dict[str, Any]]:
        return [
            {"number": v.number, "changelog": v.changelog, "created_at": v.created_at}
            for v in design.versions.all()
        ]

    def get_documents(self, design: Design) -> list[str]:
        return [d.kind for d in design.documents.all()]

    def get_print_settings(self, design: Design) -> dict[str, Any]:
        return {
            "material": design.material,
            "nozzle_mm": design.nozzle_mm,
            "layer_height_mm": design.layer_height_mm,
            "infill_percent": design.infill_percent,
            "supports": design.supports,
            "orientation": design.orientation,
            "print_minutes": design.print_minutes,
        }


# --- input --------------------------------------------------------------------------------


class DesignInput(serializers.Serializer):
    space = serializers.SlugField()
    title = serializers.CharField(max_length=160)
    summary = serializers.CharField(max_length=300)
    licence = serializers.ChoiceField(choices=Licence.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    easy_read_description = serializers.CharField(required=False, allow_blank=True, default="")
    easy_read_reviewed_by = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text="Who checked the easy-to-read text, ideally people of the target group.",
    )
    easy_read_reviewed_at = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="When they checked it (YYYY-MM-DD, not in the future).",
    )
    category = serializers.ChoiceField(choices=Category.choices, default=Category.OTHER)
    tags = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    needs = serializers.ListField(
        child=serializers.ChoiceField(choices=Need.choices), required=False, default=list
    )
    co_designers_text = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300
    )
    attribution = serializers.CharField(required=False, allow_blank=True, default="")
    remix_of = serializers.SlugField(required=False)
    material = serializers.CharField(required=False, max_length=60)
    nozzle_mm = serializers.DecimalField(max_digits=4, decimal_places=2, required=False)
    layer_height_mm = serializers.DecimalField(max_digits=4, decimal_places=2, required=False)
    infill_percent = serializers.IntegerField(min_value=0, max_value=100, required=False)
    supports = serializers.ChoiceField(choices=Design.Supports.choices, required=False)
    orientation = serializers.CharField(required=False, max_length=200)
    print_minutes = serializers.IntegerField(min_value=0, required=False)


class FileInput(serializers.Serializer):
    file = serializers.FileField()
    variant = serializers.CharField(required=False, allow_blank=True)


class StlInput(serializers.Serializer):
    file = serializers.FileField()


# --- views --------------------------------------------------------------------------------


class DesignListPagination(Pagination):
    """Pages of ``selectors.DesignResults``. ``count`` is the exact number of designs listed,
    or null when there are more than ``more_than`` (the list is not counted further; ``next``
    says whether another page follows). ``relevance_capped``: sorted by relevance, only the
    newest ``count`` matches are listed and ranked."""

    def paginate_queryset(self, queryset, request, view=None):  # type: ignore[no-untyped-def]
        self.request = request
        self.results = view.results  # set by the view's get_queryset
        paginator = ResultsPaginator(self.results, self.get_page_size(request))
        number = request.query_params.get(self.page_query_param) or 1
        if number in self.last_page_strings and paginator.open_ended:
            raise NotFound(self.invalid_page_message)
        try:
            self.page = paginator.page(self.get_page_number(request, paginator))
        except InvalidPage:
            raise NotFound(self.invalid_page_message) from None
        return list(self.page)

    def get_paginated_response(self, data: Any) -> Response:
        count = self.results.count
        return Response(
            {
                "count": count,
                "more_than": selectors.COUNT_LIMIT if count is None else None,
                "relevance_capped": self.results.capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        response = super().get_paginated_response_schema(schema)
        properties = response["properties"]
        properties["count"] = {
            "type": "integer",
            "nullable": True,
            "description": "Exact number of designs listed; null when more than more_than.",
        }
        properties["more_than"] = {
            "type": "integer",
            "nullable": True,
            "description": "Set when count is null: the list holds more designs than this.",
        }
        properties["relevance_capped"] = {
            "type": "boolean",
            "description": "Sorted by relevance, only the newest count matches are listed.",
        }
        return response


class DesignListCreateApi(generics.ListAPIView):
    """Published designs (no account needed); POST creates a draft (authenticated)."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = DesignListOutput
    pagination_class = DesignListPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("category", str, enum=Category.values),
            OpenApiParameter("need", str, enum=Need.values),
            OpenApiParameter("licence", str, enum=Licence.values),
            OpenApiParameter("space", str, description="space slug"),
            OpenApiParameter("fits_machine", int, description="machine id"),
            OpenApiParameter("sort", str, enum=list(selectors.SORTS)),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):  # schema generation: the search counts
            return Design.objects.none()
        params = self.request.query_params
        fits = params.get("fits_machine")
        if fits is not None and not fits.isdigit():
            raise ServiceError(_("fits_machine must be a machine id."), field="fits_machine")
        self.results = selectors.design_results(
            q=params.get("q", ""),
            category=params.get("category", ""),
            need=params.get("need", ""),
            licence=params.get("licence", ""),
            space=params.get("space", ""),
            fits_machine=int(fits) if fits else None,
            sort=params.get("sort", "relevance"),
            user=_user(self.request),
        )
        return self.results.designs

    @extend_schema(request=DesignInput, responses={201: DesignDetailOutput})
    def post(self, request: Request) -> Response:
        data_in = DesignInput(data=request.data)
        data_in.is_valid(raise_exception=True)
        data = dict(data_in.validated_data)
        space = Space.objects.filter(slug=data.pop("space")).first()
        if space is None:
            raise ServiceError(_("There is no space with this short name."), field="space")
        remix_slug = data.pop("remix_of", None)
        remix_of = None
        if remix_slug:
            remix_of = Design.objects.filter(slug=remix_slug).first()
            if remix_of is None:
                raise ServiceError(_("There is no design with this short name."), field="remix_of")
        design = services.design_create(
            author=_user(request), space=space, remix_of=remix_of, **data
        )
        design = selectors.design_get_for_user(slug=design.slug, user=_user(request))
        output = DesignDetailOutput(design, context={"request": request})
        return Response(output.data, status=status.HTTP_201_CREATED)


class DesignDetailApi(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = DesignDetailOutput

    def get_object(self) -> Design:
        return selectors.design_get_for_user(slug=self.kwargs["slug"], user=_user(self.request))


class DesignFileCreateApi(APIView):
    """Upload a file (multipart). Answers 202: STL files are checked in the background."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=FileInput, responses={202: DesignFileOutput})
    def post(self, request: Request, slug: str) -> Response:
        design = selectors.design_get_editable(slug=slug, user=_user(request))
        data_in = FileInput(data=request.data)
        data_in.is_valid(raise_exception=True)
        variant = None
        if data_in.validated_data.get("variant"):
            variant = design.variants.filter(name=data_in.validated_data["variant"]).first()
            if variant is None:
                raise ServiceError(_("This design has no variant of that name."), field="variant")
        design_file = services.design_file_add(
            design=design,
            user=_user(request),
            upload=data_in.validated_data["file"],
            variant=variant,
        )
        output = DesignFileOutput(design_file, context={"request": request}).data
        return Response(output, status=status.HTTP_202_ACCEPTED)


class DesignFileDetailApi(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = DesignFileOutput

    def get_object(self) -> DesignFile:
        return selectors.design_file_get_for_user(pk=self.kwargs["pk"], user=_user(self.request))


class StlValidateThrottle(ScopedRateThrottle):
    """Scope ``stl_validate``; no limit when the settings give it no rate (as in tests)."""

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(str(self.scope))
        return str(rate) if rate else None


class StlValidateApi(APIView):
    """Check one STL file without publishing anything; anonymous up to 50 MB, rate-limited."""

    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser]
    throttle_classes = [StlValidateThrottle]
    throttle_scope = "stl_validate"

    @extend_schema(request=StlInput, responses={200: dict})
    def post(self, request: Request) -> Response:
        data_in = StlInput(data=request.data)
        data_in.is_valid(raise_exception=True)
        upload: UploadedFile = data_in.validated_data["file"]
        options = limits()
        if not request.user.is_authenticated:
            options["max_bytes"] = min(options["max_bytes"], ANONYMOUS_STL_MAX_BYTES)
        if (upload.size or 0) > options["max_bytes"]:
            raise ServiceError(
                _("The file is too large: at most %(mb)s MB are accepted here%(hint)s.")
                % {
                    "mb": options["max_bytes"] // (1024 * 1024),
                    "hint": "" if request.user.is_authenticated else _(" without an account"),
                },
                code="too_large",
                field="file",
            )
        path = getattr(upload, "temporary_file_path", None)
        if path:
            report = stl.validate_stl(path(), work_areas=machine_work_areas(), **options)
        else:
            with tempfile.NamedTemporaryFile(suffix=".stl") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
                handle.flush()
                report = stl.validate_stl(
                    Path(handle.name), work_areas=machine_work_areas(), **options
                )
        return Response(report_localized(report.to_dict()))
