"""Pages of insight: statistics, the yearly report, the dashboard, collection advice."""

urlpatterns: list = []
