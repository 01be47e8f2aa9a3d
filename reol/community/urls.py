"""Pages of community."""

urlpatterns: list = []
