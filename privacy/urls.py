from django.urls import path

from privacy import views

urlpatterns = [
    path("privacy/", views.privacy_notice, name="privacy"),
    path("privacy/easy-read/", views.privacy_easy_read, name="privacy-easy-read"),
    path("privacy/consent/", views.privacy_consent, name="privacy-consent"),
    path("privacy/export/", views.privacy_export, name="privacy-export"),
    path("privacy/delete/", views.privacy_delete, name="privacy-delete"),
]
