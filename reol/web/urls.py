from django.urls import include, path

from reol.catalogue.views import cover_image, record_page
from reol.libraries.views import hours_page, libraries_page
from reol.search.views import search_page

urlpatterns = [
    path("", search_page, name="search"),
    path("records/<str:pid>/", record_page, name="record"),
    path("records/<str:pid>/cover/", cover_image, name="record-cover"),
    path("libraries/", libraries_page, name="libraries"),
    path("libraries/<slug:code>/hours/", hours_page, name="branch_hours"),
    path("staff/", include("reol.circulation.urls_staff")),
    path("", include("reol.sharing.urls")),
    path("", include("reol.transport.urls")),
    path("", include("reol.events.urls")),
    path("", include("reol.rooms.urls")),
    path("", include("reol.community.urls")),
    path("", include("reol.insight.urls")),
    path("", include("reol.circulation.urls_patron")),
]
