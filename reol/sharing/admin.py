"""Back office for interlibrary loans: peers, lending policies, requests and their messages."""

from django.contrib import admin

from .models import IllMessage, IllRequest, LendingPolicy, Peer


@admin.register(Peer)
class PeerAdmin(admin.ModelAdmin):
    list_display = ["isil", "name", "url", "region"]
    search_fields = ["isil", "name"]
    exclude = ["secret"]  # set with `reol ill peer ISIL URL -`, never shown


@admin.register(LendingPolicy)
class LendingPolicyAdmin(admin.ModelAdmin):
    list_display = ["library", "lends", "newest_years", "reference_works", "max_queue_per_copy",
                    "answer_days"]
    autocomplete_fields = ["library"]


class MessageInline(admin.TabularInline):
    model = IllMessage
    fields = ["created", "direction", "kind", "to_isil", "status", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(IllRequest)
class IllRequestAdmin(admin.ModelAdmin):
    list_display = ["request_id", "role", "state", "requester_isil", "supplier_isil", "title",
                    "updated"]
    list_filter = ["role", "state"]
    search_fields = ["request_id", "title", "requester_isil", "supplier_isil", "item_barcode"]
    readonly_fields = ["candidates", "created", "updated"]
    raw_id_fields = ["reservation", "record", "item"]
    inlines = [MessageInline]


@admin.register(IllMessage)
class IllMessageAdmin(admin.ModelAdmin):
    list_display = ["created", "direction", "kind", "to_isil", "status", "attempts", "error"]
    list_filter = ["direction", "status"]
    raw_id_fields = ["request"]
