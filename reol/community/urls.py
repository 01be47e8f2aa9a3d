"""Pages of volunteers and exhibitions: public, the volunteer's own, and staff."""

from django.urls import path

from . import views_exhibitions, views_staff, views_volunteer

urlpatterns = [
    path("exhibitions/", views_exhibitions.exhibitions_page, name="exhibitions"),
    path("exhibitions/<slug:slug>/", views_exhibitions.exhibition_page, name="exhibition"),
    path("exhibitions/<slug:slug>/submit/", views_exhibitions.submit_page,
         name="exhibition-submit"),
    path("exhibitions/<slug:slug>/images/<int:image_id>/", views_exhibitions.image,
         name="exhibition-image"),
    path("volunteer/", views_volunteer.volunteer_page, name="volunteer"),
    path("volunteer/shifts/<int:shift_id>/take/", views_volunteer.signup_action,
         name="volunteer-signup"),
    path("volunteer/signups/<int:signup_id>/drop/", views_volunteer.dropout_action,
         name="volunteer-dropout"),
    path("volunteer/signups/<int:signup_id>/log/", views_volunteer.log_action,
         name="volunteer-log"),
    path("staff/volunteers/", views_staff.volunteers_page, name="staff-volunteers"),
    path("staff/volunteers/shifts/", views_staff.shifts_page, name="staff-shifts"),
    path("staff/exhibitions/", views_staff.exhibitions_page, name="staff-exhibitions"),
    path("staff/exhibitions/<int:exhibition_id>/", views_staff.exhibition_page,
         name="staff-exhibition"),
    path("staff/exhibitions/<int:exhibition_id>/submissions/<int:submission_id>/decide/",
         views_staff.decide_action, name="staff-submission-decide"),
    path("staff/exhibitions/images/<int:image_id>/", views_staff.image_view,
         name="staff-submission-image"),
]
