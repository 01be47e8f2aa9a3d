"""Pages of events."""

urlpatterns: list = []
