from django.urls import path

from designs import views

urlpatterns = [
    path("designs/", views.design_list, name="design-list"),
    path("designs/new/", views.design_create, name="design-create"),
    path("designs/mine/", views.my_designs, name="my-designs"),
    path("designs/files/<int:pk>/download/", views.file_download, name="design-file-download"),
    path("designs/files/<int:pk>/preview/", views.file_preview, name="design-file-preview"),
    path("designs/files/<int:pk>/status/", views.file_status, name="design-file-status"),
    path("designs/<slug:slug>/", views.design_detail, name="design-detail"),
    path("designs/<slug:slug>/edit/", views.design_edit, name="design-edit"),
    path("designs/<slug:slug>/upload/", views.design_upload, name="design-upload"),
    path("designs/<slug:slug>/photos/", views.photo_add, name="design-photo-add"),
    path("designs/<slug:slug>/documents/", views.document_set, name="design-document-set"),
    path(
        "designs/<slug:slug>/documents/<str:kind>.pdf",
        views.document_pdf,
        name="design-document-pdf",
    ),
    path("designs/<slug:slug>/variants/", views.variant_add, name="design-variant-add"),
    path("designs/<slug:slug>/versions/", views.version_add, name="design-version-add"),
    path("designs/<slug:slug>/submit/", views.design_submit, name="design-submit"),
    path("designs/<slug:slug>/publish/", views.design_publish, name="design-publish"),
    path("designs/<slug:slug>/return/", views.design_return, name="design-return"),
    path("designs/<slug:slug>/archive/", views.design_archive, name="design-archive"),
    path("designs/<slug:slug>/makes/", views.make_create, name="design-make-create"),
    path("designs/<slug:slug>/download.zip", views.design_zip, name="design-zip"),
]
