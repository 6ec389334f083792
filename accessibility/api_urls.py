from django.urls import path

from accessibility import api

urlpatterns = [
    path(
        "spaces/<slug:slug>/accessibility/",
        api.SpaceAccessibilityApi.as_view(),
        name="space-accessibility",
    ),
    path("accessibility/spaces/", api.SpaceFeaturesApi.as_view(), name="accessibility-spaces"),
    path(
        "machines/<int:pk>/adaptation/",
        api.MachineAdaptationApi.as_view(),
        name="machine-adaptation",
    ),
    path("needs/", api.NeedListApi.as_view(), name="need-list"),
    path("needs/<int:pk>/", api.NeedDetailApi.as_view(), name="need-detail"),
    path("needs/<int:pk>/comments/", api.NeedCommentsApi.as_view(), name="need-comments"),
    path("needs/<int:pk>/status/", api.NeedStatusApi.as_view(), name="need-status"),
    path("needs/<int:pk>/take-on/", api.NeedTakeOnApi.as_view(), name="need-take-on"),
    path("needs/<int:pk>/withdraw/", api.NeedWithdrawApi.as_view(), name="need-withdraw"),
    path("needs/<int:pk>/design/", api.NeedDesignApi.as_view(), name="need-design"),
    path("needs/<int:pk>/meeting/", api.NeedMeetingApi.as_view(), name="need-meeting"),
    path("me/needs-profile/", api.NeedsProfileApi.as_view(), name="needs-profile"),
]
