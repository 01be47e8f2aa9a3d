"""Pages of events: /events/ for the public, /partners/ for partners, /staff/events/ for staff."""

from django.urls import path

from . import views, views_staff

urlpatterns = [
    path("events/", views.calendar_page, name="events"),
    path("events/feed.ics", views.feed_all, name="events-feed"),
    path("events/feed/branch/<slug:code>.ics", views.feed_branch, name="events-feed-branch"),
    path("events/feed/category/<slug:slug>.ics", views.feed_category,
         name="events-feed-category"),
    path("events/<int:pk>/", views.event_page, name="event"),
    path("events/<int:pk>/event.ics", views.event_ics, name="event-ics"),
    path("events/<int:pk>/register/", views.register_view, name="event-register"),
    path("events/cancel/<str:token>/", views.cancel_page, name="event-cancel"),
    path("events/confirm/<str:token>/", views.confirm_page, name="event-confirm"),
    path("partners/", views.partners_page, name="partners"),
    path("partners/<slug:slug>/", views.partner_page, name="partner"),
    path("staff/events/", views_staff.staff_events, name="staff-events"),
    path("staff/events/new/", views_staff.series_new, name="staff-series-new"),
    path("staff/events/occurrences/<int:pk>/", views_staff.occurrence_staff,
         name="staff-occurrence"),
]
