from django.contrib import admin
from django.urls import include, path

from reol.api import api
from reol.fbs.api import api as fbs_api
from reol.publizon.api import api as publizon_api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("external/", fbs_api.urls),  # the FBS Adapter (docs/fbs.md)
    path("publizon/", publizon_api.urls),  # the provider API of e-books (docs/publizon.md)
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("reol.oauth.urls")),
    path("", include("reol.sru.urls")),
    path("", include("reol.web.urls")),
]
