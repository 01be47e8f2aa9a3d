from django.contrib import admin
from django.urls import include, path

from reol.api import api
from reol.fbs.api import api as fbs_api
from reol.oai.views import oai
from reol.publizon.api import api as publizon_api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("oai", oai, name="oai"),  # OAI-PMH 2.0: one base URL for every verb
    path("external/", fbs_api.urls),  # the FBS Adapter (docs/fbs.md)
    path("publizon/", publizon_api.urls),  # the provider API of e-books (docs/publizon.md)
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("reol.oauth.urls")),
    path("", include("reol.sru.urls")),
    path("", include("reol.web.urls")),
]
