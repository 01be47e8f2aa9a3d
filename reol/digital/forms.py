"""The leader's form for their library's digital terms; rules.terms_refusal checks the
values (the form only reads them), so the page and the service refuse alike."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reol.errors import DomainError

from .models import DigitalTerms


class TermsForm(forms.Form):
    ebook_cap = forms.IntegerField(label=_("E-books a month"))
    eaudiobook_cap = forms.IntegerField(label=_("E-audiobooks a month"))
    film_cap = forms.IntegerField(label=_("Films a month"))
    period = forms.ChoiceField(label=_("Budget period"), choices=DigitalTerms.Period.choices)
    price_per_loan = forms.DecimalField(
        label=_("Price per loan (DKK)"),
        help_text=_("What a pay-per-loan title costs when the title names no price."))

    # A refusal's code → the field it is about (the period's "bad choice" is Django's own).
    FIELD_OF = {"bad_ebook_cap": "ebook_cap", "bad_eaudiobook_cap": "eaudiobook_cap",
                "bad_film_cap": "film_cap", "bad_digital_period": "period",
                "bad_price_per_loan": "price_per_loan"}

    def caps(self) -> dict[str, int]:
        data = self.cleaned_data
        return {kind: data[f"{kind}_cap"] for kind in ("ebook", "eaudiobook", "film")}

    def explain(self, refusal: DomainError) -> None:
        self.add_error(self.FIELD_OF.get(refusal.code), refusal.message())
