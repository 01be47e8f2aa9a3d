"""Staff pages under /staff/: the desk, hold shelf, pull and transit lists, patrons."""

urlpatterns: list = []
