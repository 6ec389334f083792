from django.urls import path

from accessibility import views

urlpatterns = [
    path("accessibility/", views.statement, name="accessibility-statement"),
    path("accessibility/display/", views.display_settings, name="display-settings"),
    path("accessibility/easy-read/", views.easy_read_toggle, name="easy-read-toggle"),
    path("accessibility/help/", views.help_page, name="accessibility-help"),
    path("accessibility/places/", views.places, name="accessibility-places"),
    path("accessibility/my-needs/", views.needs_profile, name="needs-profile"),
    path("needs/", views.need_list, name="need-list"),
    path("needs/new/", views.need_create, name="need-create"),
    path("needs/<int:pk>/", views.need_detail, name="need-detail"),
    path("needs/<int:pk>/comment/", views.need_comment, name="need-comment"),
    path("needs/<int:pk>/take-on/", views.need_take_on, name="need-take-on"),
    path("needs/<int:pk>/status/", views.need_status, name="need-status"),
    path("needs/<int:pk>/prototype/", views.need_prototype, name="need-prototype"),
    path("needs/<int:pk>/meeting/", views.need_meeting, name="need-meeting"),
    path("needs/<int:pk>/hide/", views.need_hide, name="need-hide"),
    path("needs/<int:pk>/withdraw/", views.need_withdraw, name="need-withdraw"),
    path("needs/<int:pk>/design/", views.need_design, name="need-design"),
    path(
        "needs/prototypes/<int:pk>/feedback/", views.prototype_feedback, name="prototype-feedback"
    ),
    path("needs/comments/<int:pk>/hide/", views.comment_hide, name="comment-hide"),
]
