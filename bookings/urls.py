from django.urls import path

from bookings import views

urlpatterns = [
    path("machines/", views.machine_list, name="machine-list"),
    path("machines/<int:pk>/", views.machine_detail, name="machine-detail"),
    path("machines/<int:pk>/estimate/", views.price_estimate, name="machine-estimate"),
    path("machines/<int:pk>/watch/", views.machine_watch, name="machine-watch"),
    path("machines/<int:pk>/status/", views.machine_status, name="machine-status"),
    path("machines/<int:pk>/maintenance/", views.machine_maintenance, name="machine-maintenance"),
    path("machines/<int:pk>/busy.ics", views.machine_feed, name="machine-feed"),
    path("bookings/", views.my_bookings, name="my-bookings"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking-cancel"),
    path("bookings/<int:pk>/move/", views.booking_reschedule, name="booking-reschedule"),
    path("bookings/<int:pk>/attendance/", views.booking_attendance, name="booking-attendance"),
    path("bookings/hold/<int:pk>/<str:token>/", views.booking_hold, name="booking-hold"),
    path("bookings/calendar/revoke/", views.feed_revoke, name="booking-feed-revoke"),
    path("bookings/calendar/<str:token>.ics", views.personal_feed, name="booking-feed"),
    path("bookings/watches/<int:pk>/stop/", views.watch_stop, name="watch-stop"),
    path("spaces/<slug:slug>/day-plan/", views.day_plan, name="booking-day-plan"),
]
