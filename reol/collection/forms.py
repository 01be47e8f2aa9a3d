"""The form of a copy's status: every error shown at once, Danish and English."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reol.catalogue.models import Item

from . import rules


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(label=_("Reason"), max_length=200,
                             help_text=_("Why: found damaged by a patron, sent to the bindery, …"))

    def __init__(self, *args, current: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", "—")] + [
            (s, Item.Status(s).label) for s in rules.HAND_STATUSES if s != current]
