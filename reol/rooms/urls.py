"""Pages of rooms: /rooms/ for patrons, /staff/rooms/ for staff."""

from django.urls import path

from . import views, views_staff

urlpatterns = [
    path("rooms/", views.rooms_page, name="rooms"),
    path("rooms/my-bookings/", views.my_bookings_page, name="my-room-bookings"),
    path("rooms/bookings/<int:pk>/cancel/", views.cancel_action, name="room-booking-cancel"),
    path("rooms/<slug:slug>/", views.room_page, name="room"),
    path("rooms/<slug:slug>/book/", views.book_action, name="room-book"),
    path("staff/rooms/", views_staff.bookings_page, name="staff-rooms"),
    path("staff/rooms/bookings/<int:pk>/", views_staff.decide_action, name="staff-room-booking"),
    path("staff/rooms/usage/", views_staff.usage_page, name="staff-rooms-usage"),
]
