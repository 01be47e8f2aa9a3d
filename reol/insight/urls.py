"""Pages of insight: statistics, the yearly report, the dashboard, collection advice."""

urlpatterns: list = []

# Statistics, the yearly report and the dashboard (reol/insight/views.py).
from django.urls import path  # noqa: E402

from . import views as _views  # noqa: E402

urlpatterns += [
    path("insight/", _views.statistics_page, name="insight-statistics"),
    path("insight/report/<str:agency>/<int:year>/", _views.yearly_report, name="insight-report"),
    path("insight/dashboard/<str:agency>/", _views.dashboard_page, name="insight-dashboard"),
]

# Collection advice and the public collection policy (reol/insight/views_collection.py).
from django.urls import re_path  # noqa: E402

from . import views_collection as _collection  # noqa: E402

urlpatterns += [
    path("insight/holds/", _collection.holds_page, name="insight-holds"),
    path("insight/weeding/", _collection.weeding_page, name="insight-weeding"),
    path("insight/weeding/carry-out/", _collection.weeding_carry_out,
         name="insight-weeding-carry-out"),
    path("insight/profile/<str:agency>/", _collection.profile_page, name="insight-profile"),
    re_path(r"^libraries/(?P<agency>\d{6})/policy/$", _collection.policy_page,
            name="library-policy"),
]
