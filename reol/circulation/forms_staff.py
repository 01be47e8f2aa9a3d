"""Forms of the staff pages: they read and check input; the patrons service decides."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reol import bounds
from reol.libraries.models import Branch, Library

from .models import Block, Patron

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _pickup_choices(branches) -> list[tuple[str, str]]:
    return [("", _("— none —"))] + [(b.code, f"{b.name} ({b.library.name})") for b in branches]


class RegisterForm(forms.Form):
    library = forms.ChoiceField(label=_("Library"))
    card = forms.CharField(label=_("Card number"), max_length=20)
    pin = forms.CharField(label=_("PIN"), max_length=8,
                          widget=forms.PasswordInput(render_value=True,
                                                     attrs={"inputmode": "numeric"}),
                          help_text=_("4 to 8 digits, chosen by the patron."))
    name = forms.CharField(label=_("Name"), max_length=200)
    birth_date = bounds.DayField(label=_("Birth date"), widget=DATE)
    email = forms.CharField(label=_("Email"), max_length=254, required=False,
                            widget=forms.EmailInput)
    phone = forms.CharField(label=_("Mobile number"), max_length=20, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    pickup_branch = forms.ChoiceField(label=_("Pickup branch"), required=False)
    guardian_card = forms.CharField(label=_("Guardian's card"), max_length=20, required=False,
                                    help_text=_("For a child: the card of a parent or "
                                                "guardian."))

    # Which field a refusal of patrons.register is about; others go at the top.
    FIELD_OF = {"bad_card": "card", "card_taken": "card", "bad_pin": "pin", "no_name": "name",
                "bad_birth_date": "birth_date", "bad_email": "email",
                "bad_language": "language", "bad_pickup": "pickup_branch",
                "unknown_guardian": "guardian_card", "unknown_library": "library"}

    def __init__(self, *args, libraries: list[Library], branches: list[Branch], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].choices = [(lib.agency, lib.name) for lib in libraries]
        self.fields["pickup_branch"].choices = _pickup_choices(branches)


class PatronForm(forms.Form):
    """The details a staff member may change (patrons.EDITABLE)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    birth_date = bounds.DayField(label=_("Birth date"), widget=DATE)
    email = forms.CharField(label=_("Email"), max_length=254, required=False,
                            widget=forms.EmailInput)
    phone = forms.CharField(label=_("Mobile number"), max_length=20, required=False)
    notify_email = forms.BooleanField(label=_("Notices by email"), required=False)
    notify_sms = forms.BooleanField(label=_("Notices by SMS"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    pickup_branch = forms.ModelChoiceField(label=_("Pickup branch"), required=False,
                                           queryset=Branch.objects.none(),
                                           empty_label=_("— none —"))
    interest_days = forms.IntegerField(label=_("Interest period (days)"), required=False,
                                       help_text=_("Empty: the loan rules decide."))
    pause_from = bounds.DayField(label=_("Reservations paused from"), required=False,
                                 widget=DATE)
    pause_to = bounds.DayField(label=_("Paused until"), required=False, widget=DATE)
    keep_history = forms.BooleanField(label=_("Keep a loan history"), required=False)
    guardian_card = forms.CharField(label=_("Guardian's card"), max_length=20, required=False)

    FIELD_OF = {"bad_email": "email", "bad_language": "language",
                "bad_pickup": "pickup_branch", "bad_interest": "interest_days",
                "bad_pause": "pause_to"}

    def __init__(self, *args, patron: Patron, **kwargs):
        self.patron = patron
        super().__init__(*args, **kwargs)
        self.fields["pickup_branch"].queryset = Branch.objects.filter(
            library=patron.library_id).exclude(kind=Branch.Kind.DEPOSIT)

    def clean_guardian_card(self) -> Patron | None:
        card = self.cleaned_data["guardian_card"].strip()
        if not card:
            return None
        guardian = Patron.objects.filter(card=card).exclude(pk=self.patron.pk).first()
        if guardian is None:
            raise forms.ValidationError(_("No other patron has that card."))
        return guardian

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data["guardian"] = data.pop("guardian_card")
        return data

    @classmethod
    def initial_for(cls, patron: Patron) -> dict:
        initial = {name: getattr(patron, name) for name in cls.base_fields
                   if name != "guardian_card"}
        initial["guardian_card"] = patron.guardian.card if patron.guardian else ""
        return initial


class PinForm(forms.Form):
    pin = forms.CharField(label=_("New PIN"), max_length=8,
                          widget=forms.PasswordInput(attrs={"inputmode": "numeric",
                                                            "autocomplete": "off"}))


class BlockForm(forms.Form):
    code = forms.ChoiceField(label=_("Block"), choices=Block.Code.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


def explain(form: forms.Form, refusal) -> None:
    """Put a service's refusal next to the field it is about, or at the top of the form."""
    form.add_error(form.FIELD_OF.get(refusal.code), refusal.message())
