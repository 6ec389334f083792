from django.urls import path

from workshops import views

urlpatterns = [
    path("workshops/", views.workshop_list, name="workshop-list"),
    path("workshops/<int:pk>/", views.workshop_detail, name="workshop-detail"),
    path("workshops/<int:pk>/signup-all/", views.workshop_signup_all, name="workshop-signup-all"),
    path("workshops/sessions/<int:pk>/signup/", views.session_signup, name="workshop-signup"),
    path("workshops/signups/<int:pk>/cancel/", views.signup_cancel, name="workshop-signup-cancel"),
    path("workshops/signups/<int:pk>/accept/", views.signup_accept, name="workshop-signup-accept"),
    path("workshops/signups/<int:pk>/calendar.ics", views.signup_ics, name="workshop-signup-ics"),
    path("workshops/signups/<int:pk>/qr.svg", views.signup_qr, name="workshop-signup-qr"),
    path("my/workshops/", views.my_workshops, name="my-workshops"),
    path("spaces/<slug:slug>/workshops/", views.workshop_list, name="space-workshop-list"),
    path("spaces/<slug:slug>/workshops.ics", views.space_workshops_ics, name="space-workshops-ics"),
    # Hosts and staff.
    path("workshops/manage/", views.manage_home, name="workshop-manage"),
    path("spaces/<slug:slug>/workshops/new/", views.workshop_create, name="workshop-create"),
    path("spaces/<slug:slug>/workshops/stats/", views.space_stats, name="workshop-space-stats"),
    path("workshops/<int:pk>/edit/", views.workshop_edit, name="workshop-edit"),
    path("workshops/<int:pk>/stats/", views.workshop_stats, name="workshop-stats"),
    path("workshops/<int:pk>/sessions/new/", views.session_create, name="workshop-session-create"),
    path("workshops/sessions/<int:pk>/edit/", views.session_edit, name="workshop-session-edit"),
    path(
        "workshops/sessions/<int:pk>/cancel/",
        views.session_cancel,
        name="workshop-session-cancel",
    ),
    path(
        "workshops/sessions/<int:pk>/attendees/",
        views.session_attendees,
        name="workshop-session-attendees",
    ),
    path(
        "workshops/sessions/<int:pk>/attendance/",
        views.session_attendance,
        name="workshop-session-attendance",
    ),
    path(
        "workshops/sessions/<int:pk>/attendees.csv",
        views.session_csv,
        name="workshop-session-csv",
    ),
    path(
        "workshops/sessions/<int:pk>/message/",
        views.session_message,
        name="workshop-session-message",
    ),
    path(
        "workshops/signups/<int:pk>/attendance/",
        views.signup_attendance,
        name="workshop-signup-attendance",
    ),
]
