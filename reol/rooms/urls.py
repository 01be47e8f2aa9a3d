"""Pages of rooms."""

urlpatterns: list = []
