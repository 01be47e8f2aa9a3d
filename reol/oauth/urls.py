from django.urls import path

from . import views

urlpatterns = [
    path("oauth/token", views.TokenView.as_view(), name="oauth-token"),
    path("oauth/revoke", views.RevokeTokenView.as_view(), name="oauth-revoke"),
    path("userinfo", views.userinfo, name="userinfo"),
]
