"""Patron pages: log in with card and PIN, loans, reservations, profile, history."""

urlpatterns: list = []
