from django.urls import path

from customizer import views

urlpatterns = [
    path("customizer/", views.source_list, name="customizable-design-list"),
    path("designs/<slug:slug>/customize/", views.customize, name="design-customize"),
    path("designs/<slug:slug>/source/", views.source_edit, name="design-source-edit"),
    path("customizations/<uuid:pk>/", views.customization_detail, name="customization-detail"),
    path(
        "customizations/<uuid:pk>/status/",
        views.customization_status,
        name="customization-status",
    ),
    path(
        "customizations/<uuid:pk>/download/",
        views.customization_download,
        name="customization-download",
    ),
    path(
        "customizations/<uuid:pk>/preview.png",
        views.customization_preview,
        name="customization-preview",
    ),
    path("customizations/<uuid:pk>/save/", views.variant_create, name="variant-create"),
    path(
        "customizations/<uuid:pk>/print-request/",
        views.print_request_create,
        name="print-request-create",
    ),
    path("variants/", views.my_variants, name="my-variants"),
    path("variants/<str:token>/", views.variant_detail, name="variant-detail"),
    path("variants/<str:token>/share/", views.variant_share, name="variant-share"),
    path("variants/<str:token>/delete/", views.variant_delete, name="variant-delete"),
    path("print-requests/", views.print_request_list, name="print-request-list"),
    path(
        "print-requests/<int:pk>/status/",
        views.print_request_status,
        name="print-request-status",
    ),
]
