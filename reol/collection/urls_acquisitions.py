"""Acquisitions staff pages under /staff/acquisitions/ (views_acquisitions.py)."""

from django.urls import path

from . import views_acquisitions as views

urlpatterns = [
    path("staff/acquisitions/", views.overview, name="acq-overview"),
    path("staff/acquisitions/setup/", views.setup, name="acq-setup"),
    path("staff/acquisitions/lines/new/", views.new_line, name="acq-line-new"),
    path("staff/acquisitions/lines/<int:pk>/receive/", views.receive, name="acq-receive"),
    path("staff/acquisitions/orders/<int:pk>/", views.order_page, name="acq-order"),
    path("staff/acquisitions/orders/<int:pk>/send/", views.send, name="acq-order-send"),
    path("staff/acquisitions/orders/<int:pk>/order.edi", views.edifact_file,
         name="acq-order-edifact"),
    path("staff/acquisitions/invoices/", views.invoices, name="acq-invoices"),
]
