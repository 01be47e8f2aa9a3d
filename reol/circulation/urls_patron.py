"""Patron pages: log in with card and PIN, loans, reservations, profile, history, own data,
charges, bookings, favourites, purchase suggestions and notice settings."""

from django.urls import path

from . import views_mine, views_payments, views_privacy, views_works
from . import views_patron as views

urlpatterns = [
    path("login/", views.login_page, name="patron-login"),
    path("logout/", views.logout_action, name="patron-logout"),
    path("me/", views.loans_page, name="me"),
    path("me/renew/", views.renew_action, name="my-renew"),
    path("me/reservations/", views.reservations_page, name="my-reservations"),
    path("me/reservations/<int:pk>/cancel/", views.cancel_action, name="my-reservation-cancel"),
    path("me/reservations/<int:pk>/pause/", views.pause_action, name="my-reservation-pause"),
    path("me/reservations/<int:pk>/pickup/", views.pickup_action, name="my-reservation-pickup"),
    path("me/profile/", views.profile_page, name="my-profile"),
    path("me/profile/pin/", views.pin_action, name="my-pin"),
    path("me/profile/name/", views.name_action, name="my-name"),
    path("me/history/", views.history_page, name="my-history"),
    path("me/charges/", views_mine.charges_page, name="my-charges"),
    path("me/charges/pay/", views_mine.pay_action, name="my-charges-pay"),
    path("payments/test/<uuid:payment_id>/", views_payments.test_payment_page,
         name="payment-test"),
    path("payments/callback/<str:provider>/", views_payments.callback, name="payment-callback"),
    path("me/bookings/", views_mine.bookings_page, name="my-bookings"),
    path("me/favourites/", views_mine.favourites_page, name="my-favourites"),
    path("me/favourites/<str:pid>/", views_mine.favourite_action, name="my-favourite"),
    path("me/suggestions/", views_mine.suggestions_page, name="my-suggestions"),
    path("me/notices/", views_mine.notices_page, name="my-notices"),
    path("me/data/", views_privacy.data_page, name="my-data"),
    path("me/data/download/", views_privacy.data_download, name="my-data-download"),
    path("me/data/delete/", views_privacy.delete_action, name="my-data-delete"),
    path("records/<str:pid>/reserve/", views.reserve_action, name="record-reserve"),
    path("works/<int:work_id>/reserve/", views_works.work_reserve_action, name="work-reserve"),
]
