from django.contrib import admin

from .models import CollectionPolicy, Order


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["record", "library", "copies", "ordered", "received"]
    list_filter = ["library", "received"]
    search_fields = ["record__title", "record__pid"]
    autocomplete_fields = ["record"]
    date_hierarchy = "ordered"


@admin.register(CollectionPolicy)
class CollectionPolicyAdmin(admin.ModelAdmin):
    list_display = ["library", "weeding_years", "holds_ratio_threshold", "updated"]
    search_fields = ["library__name", "library__agency"]
