from django.urls import include, path

from reol.catalogue.views import cover_image, record_page, work_page
from reol.libraries.views import branch_page, hours_page, libraries_page
from reol.search.views import advanced_page, suggest

from .views_front import front_page, staff_block, staff_blocks

urlpatterns = [
    path("", front_page, name="search"),
    path("search/advanced/", advanced_page, name="search-advanced"),
    path("search/suggest/", suggest, name="search-suggest"),
    path("staff/front-page/", staff_blocks, name="staff-front"),
    path("staff/front-page/<int:pk>/", staff_block, name="staff-front-block"),
    path("records/<str:pid>/", record_page, name="record"),
    path("records/<str:pid>/cover/", cover_image, name="record-cover"),
    path("works/<int:work_id>/", work_page, name="work"),
    path("libraries/", libraries_page, name="libraries"),
    path("libraries/<slug:code>/", branch_page, name="branch"),
    path("libraries/<slug:code>/hours/", hours_page, name="branch_hours"),
    path("staff/", include("reol.circulation.urls_staff")),
    path("staff/", include("reol.collection.urls")),
    path("", include("reol.sharing.urls")),
    path("", include("reol.fbi.urls")),
    path("", include("reol.transport.urls")),
    path("", include("reol.events.urls")),
    path("", include("reol.rooms.urls")),
    path("", include("reol.community.urls")),
    path("", include("reol.insight.urls")),
    path("", include("reol.collection.urls_acquisitions")),
    path("", include("reol.digital.urls")),
    path("", include("reol.circulation.urls_patron")),
]
