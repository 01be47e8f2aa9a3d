from django.contrib import admin

from .models import Hub, Route


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "library", "region", "sorted_at", "sorting_days"]


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    list_display = ["library", "hub", "name", "weekdays", "days_on_road"]
    list_filter = ["hub"]
    search_fields = ["library__name", "library__agency"]
