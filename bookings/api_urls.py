from django.urls import path

from bookings import api

urlpatterns = [
    path("machines/", api.MachineListApi.as_view(), name="machine-list"),
    path("machines/<int:pk>/", api.MachineDetailApi.as_view(), name="machine-detail"),
    path(
        "machines/<int:pk>/availability/",
        api.MachineAvailabilityApi.as_view(),
        name="machine-availability",
    ),
    path("machines/<int:pk>/status/", api.MachineStatusApi.as_view(), name="machine-status"),
    path(
        "machines/<int:pk>/maintenance/",
        api.MaintenanceApi.as_view(),
        name="machine-maintenance",
    ),
    path("bookings/", api.BookingListApi.as_view(), name="booking-list"),
    path("bookings/<int:pk>/", api.BookingDetailApi.as_view(), name="booking-detail"),
    path("bookings/<int:pk>/cancel/", api.BookingCancelApi.as_view(), name="booking-cancel"),
    path(
        "bookings/<int:pk>/attendance/",
        api.BookingAttendanceApi.as_view(),
        name="booking-attendance",
    ),
    path("bookings/<int:pk>/confirm/", api.BookingConfirmApi.as_view(), name="booking-confirm"),
    path("holds/<int:pk>/", api.HoldDetailApi.as_view(), name="hold-detail"),
    path("holds/<int:pk>/confirm/", api.HoldConfirmApi.as_view(), name="hold-confirm"),
    path("holds/<int:pk>/extend/", api.HoldExtendApi.as_view(), name="hold-extend"),
    path("holds/<int:pk>/decline/", api.HoldDeclineApi.as_view(), name="hold-decline"),
    path("watches/", api.WatchListApi.as_view(), name="watch-list"),
    path("watches/<int:pk>/", api.WatchDetailApi.as_view(), name="watch-detail"),
]
