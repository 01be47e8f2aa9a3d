from django.contrib import admin

from .models import CollectionPolicy, Fund, Invoice, Order, OrderLine, Receipt, Vendor


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    autocomplete_fields = ["record"]
    raw_id_fields = ["suggestion"]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["pk", "library", "vendor", "ordered", "sent"]
    list_filter = ["library"]
    date_hierarchy = "ordered"
    inlines = [OrderLineInline]


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = ["name", "library", "gln", "account"]
    list_filter = ["library"]
    search_fields = ["name", "gln"]


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "year", "library", "budget"]
    list_filter = ["library", "year"]


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ["number", "vendor", "library", "date", "amount"]
    list_filter = ["library"]


@admin.register(Receipt)
class ReceiptAdmin(admin.ModelAdmin):
    list_display = ["line", "branch", "quantity", "price", "amount", "received", "invoice"]
    raw_id_fields = ["line", "invoice"]


@admin.register(CollectionPolicy)
class CollectionPolicyAdmin(admin.ModelAdmin):
    list_display = ["library", "weeding_years", "holds_ratio_threshold", "gln", "updated"]
    search_fields = ["library__name", "library__agency"]
