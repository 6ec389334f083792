from django.urls import path

from designs import api

urlpatterns = [
    path("designs/", api.DesignListCreateApi.as_view(), name="design-list"),
    path("designs/<slug:slug>/", api.DesignDetailApi.as_view(), name="design-detail"),
    path("designs/<slug:slug>/files/", api.DesignFileCreateApi.as_view(), name="design-files"),
    path("design-files/<int:pk>/", api.DesignFileDetailApi.as_view(), name="design-file-detail"),
    path("stl/validate/", api.StlValidateApi.as_view(), name="stl-validate"),
]
