from django.contrib import admin
from django.urls import include, path

from reol.api import api
from reol.fbs.api import api as fbs_api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("external/", fbs_api.urls),  # the FBS Adapter (docs/fbs.md)
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("reol.oauth.urls")),
    path("", include("reol.web.urls")),
]
