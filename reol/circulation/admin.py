"""The back office (superusers only, see reol.web.admin_site): loan rules through their
service, and patrons with every change logged."""

from django import forms
from django.contrib import admin

from . import loan_rules
from .models import Block, Loan, LoanRule, Patron, PatronChange, Reservation, Transit


class LoanRuleForm(forms.ModelForm):
    class Meta:
        model = LoanRule
        fields = ["library", *loan_rules.CELL, *loan_rules.VALUES]

    def clean(self) -> dict:
        data = super().clean()
        for name, value in data.items():
            refusal = loan_rules.value_refusal(name, value)
            if refusal:
                self.add_error(name, refusal.message())
        return data


@admin.register(LoanRule)
class LoanRuleAdmin(admin.ModelAdmin):
    """Superusers change the matrix here too, through the same service and its record."""

    form = LoanRuleForm
    list_display = ["__str__", "loan_days", "renewals", "max_loans", "hold_shelf_days",
                    "fee_policy", "note"]
    list_filter = ["library", "patron_group", "loan_category", "material_type"]

    def get_readonly_fields(self, request, obj=None):
        return ["library", *loan_rules.CELL] if obj else []

    def save_model(self, request, obj, form, change):
        values = {k: form.cleaned_data[k] for k in loan_rules.VALUES if k in form.cleaned_data}
        if change:
            saved = loan_rules.change_rule(obj.pk, values, by=request.user)
        else:
            cell = {k: form.cleaned_data[k] for k in loan_rules.CELL}
            saved = loan_rules.add_rule(form.cleaned_data["library"], cell, values,
                                        by=request.user)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        loan_rules.remove_rule(obj.pk, by=request.user)

    def delete_queryset(self, request, queryset):
        for pk in queryset.values_list("pk", flat=True):
            loan_rules.remove_rule(pk, by=request.user)


class BlockInline(admin.TabularInline):
    model = Block
    extra = 0
    fields = ["code", "reason", "created", "lifted"]
    readonly_fields = ["created"]


@admin.register(Patron)
class PatronAdmin(admin.ModelAdmin):
    list_display = ["name", "card", "library", "birth_date", "email"]
    list_filter = ["library", "keep_history", "language"]
    search_fields = ["card", "name", "email", "phone"]
    exclude = ["pin"]
    readonly_fields = ["reference", "created"]
    raw_id_fields = ["guardian", "pickup_branch"]
    inlines = [BlockInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.changed_data:
            PatronChange.objects.create(
                patron=obj, user=request.user, action="updated" if change else "registered",
                fields={"changed": sorted(form.changed_data), "via": "admin"},
            )


@admin.register(Loan)
class LoanAdmin(admin.ModelAdmin):
    list_display = ["item", "patron", "checked_out", "due", "renewals", "returned"]
    list_filter = ["returned", "branch"]
    search_fields = ["item__barcode", "patron__card"]
    raw_id_fields = ["item", "patron", "branch", "returned_branch"]


@admin.register(Reservation)
class ReservationAdmin(admin.ModelAdmin):
    list_display = ["record", "patron", "status", "pickup_branch", "placed", "pickup_number"]
    list_filter = ["status", "pickup_branch"]
    raw_id_fields = ["record", "patron", "item", "wanted_item", "pickup_branch", "pickup_stop"]


@admin.register(Transit)
class TransitAdmin(admin.ModelAdmin):
    list_display = ["item", "from_branch", "to_branch", "reason", "sent", "received"]
    list_filter = ["reason", "to_branch"]
    raw_id_fields = ["item", "reservation"]


@admin.register(PatronChange)
class PatronChangeAdmin(admin.ModelAdmin):
    list_display = ["time", "patron", "user", "action"]
    readonly_fields = [f.name for f in PatronChange._meta.fields]
