"""Interlibrary loans: the ISO 18626 endpoint and the staff pages under /staff/sharing/."""

from django.urls import path

from . import views, views_sru

urlpatterns = [
    path("iso18626", views.iso18626, name="iso18626"),
    path("staff/sharing/incoming/", views.incoming, name="sharing-incoming"),
    path("staff/sharing/outgoing/", views.outgoing, name="sharing-outgoing"),
    path("staff/sharing/sru/", views_sru.copy_from_peer, name="sharing-sru"),
    path("staff/sharing/<int:pk>/", views.detail, name="sharing-detail"),
    path("staff/sharing/<int:pk>/slip/", views.slip, name="sharing-slip"),
    path("staff/sharing/<int:pk>/<slug:action>/", views.act, name="sharing-act"),
]
