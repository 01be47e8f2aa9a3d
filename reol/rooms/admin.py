from django.contrib import admin

from .models import Booking, Room


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "branch", "capacity", "slot_minutes", "needs_approval", "active"]
    list_filter = ["branch__library", "needs_approval", "active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["room", "start", "end", "status", "patron", "name"]
    list_filter = ["status", "room"]
    raw_id_fields = ["patron", "created_by"]
    date_hierarchy = "start"
