"""The digital library's patron pages and actions, and the leader's terms page."""

from django.urls import path

from . import views, views_staff

urlpatterns = [
    path("me/digital/", views.mine_page, name="my-digital"),
    path("me/digital/<int:pk>/return/", views.return_action, name="my-digital-return"),
    path("digital/access/<str:token>/", views.access, name="digital-access"),
    path("digital/<str:pid>/borrow/", views.borrow_action, name="digital-borrow"),
    path("digital/<str:pid>/reserve/", views.reserve_action, name="digital-reserve"),
    path("staff/digital/terms/", views_staff.terms_page, name="staff-digital-terms"),
]
