from django.urls import path

from spaces import api

urlpatterns = [
    path("spaces/", api.SpaceListApi.as_view(), name="space-list"),
    path("spaces/<slug:slug>/", api.SpaceDetailApi.as_view(), name="space-detail"),
]
