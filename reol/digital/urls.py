"""The digital library's patron pages and actions."""

from django.urls import path

from . import views

urlpatterns = [
    path("me/digital/", views.mine_page, name="my-digital"),
    path("me/digital/<int:pk>/return/", views.return_action, name="my-digital-return"),
    path("digital/access/<str:token>/", views.access, name="digital-access"),
    path("digital/<str:pid>/borrow/", views.borrow_action, name="digital-borrow"),
    path("digital/<str:pid>/reserve/", views.reserve_action, name="digital-reserve"),
]
