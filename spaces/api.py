from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from spaces import selectors
from spaces.models import OpeningHours, Space


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}:\d{2}$", "example": "14:00:00"})
class WallClockTimeField(serializers.TimeField):
    """A wall-clock time in the space's time zone ("14:00:00"), deliberately without an
    offset: the offset depends on the date (summer or winter time)."""


class OpeningHoursOutput(serializers.ModelSerializer):
    opens = WallClockTimeField(read_only=True)
    closes = WallClockTimeField(read_only=True)

    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]


class SpaceOutput(serializers.ModelSerializer):
    opening_hours = OpeningHoursOutput(many=True, read_only=True)
    run_by: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Space
        fields = [
            "slug",
            "name",
            "short_description",
            "description",
            "street",
            "postal_code",
            "city",
            "directions",
            "contact_email",
            "contact_phone",
            "website",
            "house_rules",
            "time_zone",
            "run_by",
            "opening_hours",
            "url",
        ]

    def get_url(self, space: Space) -> str:
        request = self.context.get("request")
        path = space.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class SpaceListApi(generics.ListAPIView):
    """All spaces, with their weekly opening hours. No account needed."""

    permission_classes = [AllowAny]
    serializer_class = SpaceOutput

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.space_list()


class SpaceDetailApi(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = SpaceOutput

    def get_object(self) -> Space:
        return selectors.space_get(slug=self.kwargs["slug"])
