"""Staff pages of the life of a copy (reol/collection/views.py), under /staff/."""

from django.urls import path

from . import views

urlpatterns = [
    path("copies/", views.copy_find, name="staff-copies"),
    path("copies/<str:barcode>/", views.copy_page, name="staff-copy"),
    path("stocktakes/", views.stocktakes, name="staff-stocktakes"),
    path("stocktakes/<int:pk>/", views.stocktake_page, name="staff-stocktake"),
    path("stocktakes/<int:pk>/scan/", views.stocktake_scan, name="staff-stocktake-scan"),
    path("stocktakes/<int:pk>/upload/", views.stocktake_upload, name="staff-stocktake-upload"),
    path("stocktakes/<int:pk>/confirm/", views.stocktake_confirm,
         name="staff-stocktake-confirm"),
    path("weeding/<int:pk>/", views.weeding_page, name="staff-weeding"),
    path("weeding/<int:pk>/scan/", views.weeding_scan, name="staff-weeding-scan"),
    path("weeding/<int:pk>/finish/", views.weeding_finish, name="staff-weeding-finish"),
]
