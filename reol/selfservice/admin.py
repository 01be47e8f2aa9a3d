"""The back office: SIP2 terminals, entry policies and guardians' consents."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import EntryPolicy, GuardianConsent, Sip2Terminal


class TerminalForm(forms.ModelForm):
    new_password = forms.CharField(label=_("new password"), required=False,
                                   widget=forms.PasswordInput(render_value=False),
                                   help_text=_("Leave empty to keep the current password."))

    class Meta:
        model = Sip2Terminal
        fields = ["login", "new_password", "branch", "kind", "pin_required", "language",
                  "active"]

    def clean(self):
        data = super().clean()
        if not self.instance.pk and not data.get("new_password"):
            self.add_error("new_password", _("A new terminal needs a password."))
        return data

    def save(self, commit: bool = True):
        terminal = super().save(commit=False)
        if self.cleaned_data.get("new_password"):
            terminal.set_password(self.cleaned_data["new_password"])
        if commit:
            terminal.save()
        return terminal


@admin.register(Sip2Terminal)
class Sip2TerminalAdmin(admin.ModelAdmin):
    form = TerminalForm
    list_display = ["login", "branch", "kind", "pin_required", "language", "active"]
    list_filter = ["kind", "active", "branch__library"]
    search_fields = ["login", "branch__code", "branch__name"]


@admin.register(EntryPolicy)
class EntryPolicyAdmin(admin.ModelAdmin):
    list_display = ["branch", "min_age", "guardian_consent_admits", "pin_required"]
    list_filter = ["branch__library"]


@admin.register(GuardianConsent)
class GuardianConsentAdmin(admin.ModelAdmin):
    list_display = ["patron", "guardian_name", "given"]
    raw_id_fields = ["patron"]
    search_fields = ["patron__card", "patron__name", "guardian_name"]
    exclude = ["recorded_by"]

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
