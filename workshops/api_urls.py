from django.urls import path

from workshops import api

urlpatterns = [
    path("workshops/", api.WorkshopListApi.as_view(), name="workshop-list"),
    path("workshops/<int:pk>/", api.WorkshopDetailApi.as_view(), name="workshop-detail"),
    path("sessions/<int:pk>/signup/", api.SessionSignupApi.as_view(), name="session-signup"),
    path(
        "sessions/<int:pk>/attendees/",
        api.SessionAttendeesApi.as_view(),
        name="session-attendees",
    ),
    path("signups/<int:pk>/cancel/", api.SignupCancelApi.as_view(), name="signup-cancel"),
    path("signups/<int:pk>/accept/", api.SignupAcceptApi.as_view(), name="signup-accept"),
    path(
        "signups/<int:pk>/attendance/",
        api.SignupAttendanceApi.as_view(),
        name="signup-attendance",
    ),
]
