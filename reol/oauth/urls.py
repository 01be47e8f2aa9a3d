from django.urls import path
from oauth2_provider.views import RevokeTokenView

from . import views

urlpatterns = [
    path("oauth/token", views.TokenView.as_view(), name="oauth-token"),
    path("oauth/revoke", RevokeTokenView.as_view(), name="oauth-revoke"),
    path("userinfo", views.userinfo, name="userinfo"),
]
