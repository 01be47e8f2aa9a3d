"""The back office for events: partners and their contacts are managed here; series are made
and changed on the staff pages (/staff/events/), whose services store the occurrences."""

from django.contrib import admin
from django.db import models

from .models import (
    Attendance,
    EventMail,
    EventSeries,
    Occurrence,
    Partner,
    PartnerContact,
    Registration,
)


class PartnerContactInline(admin.TabularInline):
    model = PartnerContact
    extra = 1


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "website"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default
    inlines = [PartnerContactInline]


class ThroughServicesAdmin(admin.ModelAdmin):
    """Read here, changed through the staff pages, so occurrences and waiting lists stay
    consistent."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EventSeries)
class EventSeriesAdmin(ThroughServicesAdmin):
    list_display = ["title", "library", "category", "first_start", "registration_required"]
    list_filter = ["library", "category"]
    search_fields = ["title"]


@admin.register(Occurrence)
class OccurrenceAdmin(ThroughServicesAdmin):
    list_display = ["series", "start", "status", "on_closure", "sold_out"]
    list_filter = ["status", "on_closure"]
    date_hierarchy = "start"


@admin.register(Registration)
class RegistrationAdmin(ThroughServicesAdmin):
    list_display = ["occurrence", "name", "party_size", "status"]
    list_filter = ["status"]


admin.site.register(Attendance, ThroughServicesAdmin)
admin.site.register(EventMail, ThroughServicesAdmin)
