"""The back office (superusers only, see reol.web.admin_site): the outbox, the event log,
staff roles and API tokens."""

from django.contrib import admin

from .models import ApiToken, Event, Notice, StaffRole


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["created", "kind", "channel", "address", "status", "sent"]
    list_filter = ["status", "kind", "channel"]
    readonly_fields = [f.name for f in Notice._meta.fields]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["time", "kind", "library", "branch", "material_type", "age_group"]
    list_filter = ["kind", "library"]
    readonly_fields = [f.name for f in Event._meta.fields]



admin.site.register(StaffRole)
admin.site.register(ApiToken, list_display=["name", "user", "created", "last_used"],
                    readonly_fields=["digest"])
