from django.urls import path

from spaces import views

urlpatterns = [
    path("", views.home, name="home"),
    path("spaces/<slug:slug>/", views.space_detail, name="space-detail"),
]
