from django.contrib import admin

from .models import Item, Record


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0
    raw_id_fields = ["home_branch", "current_branch"]
    # Only the services change a status (catalogue/copies.py): with its reason, on record.
    readonly_fields = ["status"]


@admin.register(Record)
class RecordAdmin(admin.ModelAdmin):
    list_display = ["title", "pid", "material_type", "language", "audience", "year"]
    list_filter = ["material_type", "audience", "language"]
    search_fields = ["title", "pid", "faust"]
    inlines = [ItemInline]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["barcode", "record", "library", "home_branch", "status"]
    list_filter = ["status", "loan_category", "library"]
    search_fields = ["barcode"]
    raw_id_fields = ["record", "home_branch", "current_branch"]
    readonly_fields = ["status"]  # only the services change it, with a reason (copies.py)
