from django.urls import path

from customizer import api

urlpatterns = [
    path(
        "designs/<slug:slug>/parameters/",
        api.CustomizationParametersApi.as_view(),
        name="design-parameters",
    ),
    path(
        "designs/<slug:slug>/customize/",
        api.CustomizationCreateApi.as_view(),
        name="design-customize",
    ),
    path(
        "customizations/<uuid:pk>/",
        api.CustomizationDetailApi.as_view(),
        name="customization-detail",
    ),
]
