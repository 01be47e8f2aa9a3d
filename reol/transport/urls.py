"""Staff pages of the transport scheme under /staff/transport/."""

from django.urls import path

from . import views

urlpatterns = [
    path("staff/transport/hubs/<slug:code>/", views.hub_sorting, name="transport-hub"),
    path("staff/transport/pack/", views.pack, name="transport-pack"),
    path("staff/transport/where/", views.where, name="transport-where"),
    path("staff/transport/grant/", views.grant_page, name="transport-grant"),
    path("staff/transport/figures/", views.figures_page, name="transport-figures"),
]
