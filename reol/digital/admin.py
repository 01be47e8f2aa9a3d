from django.contrib import admin
from django.db import models

from .models import DigitalLoan, DigitalReservation, DigitalTerms, DigitalTitle


@admin.register(DigitalTerms)
class DigitalTermsAdmin(admin.ModelAdmin):
    list_display = ["library", "ebook_cap", "eaudiobook_cap", "film_cap", "period",
                    "price_per_loan", "fund_code"]


@admin.register(DigitalTitle)
class DigitalTitleAdmin(admin.ModelAdmin):
    list_display = ["record", "licence", "copies", "loan_days", "price", "provider"]
    list_filter = ["licence", "provider"]
    raw_id_fields = ["record"]
    search_fields = ["record__title", "record__pid"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default


@admin.register(DigitalLoan)
class DigitalLoanAdmin(admin.ModelAdmin):
    """Read-only: loans are made and ended by patrons and time, not by hand."""

    list_display = ["title", "library", "kind", "started", "ends", "returned", "price"]
    list_filter = ["library", "kind"]
    raw_id_fields = ["patron", "title"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DigitalReservation)
class DigitalReservationAdmin(admin.ModelAdmin):
    list_display = ["title", "placed"]
    raw_id_fields = ["patron", "title"]
