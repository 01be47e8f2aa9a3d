"""Forms of the staff pages: they read and check input; the patrons service decides."""

from datetime import date

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reol import bounds
from reol.errors import DomainError
from reol.libraries.models import Branch, Library
from reol.refusals import refuse

from . import rules
from .models import Block, Patron
from .patrons import email_refusal

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _refused(refusal: DomainError | None) -> None:
    """A rule's refusal as the field's error, so every wrong field shows at once."""
    if refusal is not None:
        raise forms.ValidationError(refusal.message())


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

    # The checks patrons.register makes one by one, here for every field at once; the
    # service still makes them (the API and `reol add_patron` have no form).
    def clean_card(self) -> str:
        card = self.cleaned_data["card"].strip()
        _refused(rules.card_refusal(card))
        if Patron.objects.filter(card=card).exists():
            _refused(refuse("card_taken"))
        return card

    def clean_pin(self) -> str:
        _refused(rules.pin_refusal(self.cleaned_data["pin"]))
        return self.cleaned_data["pin"]

    def clean_birth_date(self) -> date:
        _refused(rules.birth_date_refusal(self.cleaned_data["birth_date"],
                                          timezone.localdate()))
        return self.cleaned_data["birth_date"]

    def clean_email(self) -> str:
        _refused(email_refusal(self.cleaned_data["email"]))
        return self.cleaned_data["email"]

    def clean_guardian_card(self) -> str:
        card = self.cleaned_data["guardian_card"].strip()
        if card and not Patron.objects.filter(card=card).exists():
            _refused(refuse("unknown_guardian"))
        return card


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

    def clean_email(self) -> str:
        _refused(email_refusal(self.cleaned_data["email"]))
        return self.cleaned_data["email"]

    def clean_interest_days(self) -> int | None:
        _refused(rules.interest_days_refusal(self.cleaned_data["interest_days"]))
        return self.cleaned_data["interest_days"]

    def clean_pause_to(self) -> date | None:
        _refused(rules.pause_refusal(self.cleaned_data.get("pause_from"),
                                     self.cleaned_data["pause_to"]))
        return self.cleaned_data["pause_to"]

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


_ANY = [("", _("— any —"))]
_INHERIT = _("Empty: as the next, less specific rule.")


class _YesNoInherit(forms.NullBooleanSelect):
    def __init__(self, attrs=None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", _("As the next rule")), ("true", _("Yes")),
                        ("false", _("No"))]


def _count(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, help_text=_INHERIT, **kwargs)


def _money(label) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, max_digits=7, decimal_places=2,
                              help_text=_INHERIT)


class LoanRuleForm(forms.Form):
    """One cell of the loan-rule matrix; loan_rules checks the values and records the change.
    With `new=False` the cell itself cannot change (remove the rule and add another)."""

    patron_group = forms.ChoiceField(label=_("Patron group"), required=False)
    loan_category = forms.ChoiceField(label=_("Loan category"), required=False)
    material_type = forms.ChoiceField(label=_("Material type"), required=False)
    loanable = forms.NullBooleanField(label=_("Can be borrowed"), required=False,
                                      widget=_YesNoInherit())
    loan_days = _count(_("Loan period (days)"))
    renewals = _count(_("Renewals"))
    renewal_window_days = _count(_("Renewable from (days before the due date)"))
    renew_when_reserved = forms.NullBooleanField(label=_("Renew when others wait"),
                                                 required=False, widget=_YesNoInherit())
    max_loans = _count(_("Most loans at a time"))
    max_reservations = _count(_("Most reservations at a time"))
    hold_shelf_days = _count(_("Days on the hold shelf"))
    interest_days = _count(_("Interest period (days)"))
    fee_policy = forms.ChoiceField(label=_("Fees"), required=False)
    overdue_fee_per_day = _money(_("Overdue fee per day (kr.)"))
    max_overdue_fee = _money(_("Highest overdue fee (kr.)"))
    replacement_charge = _money(_("Replacement charge (kr.)"))
    max_owed = _money(_("Most a patron may owe before the desk warns (kr.)"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    CELL = ("patron_group", "loan_category", "material_type")

    def __init__(self, *args, new: bool = True, **kwargs):
        from reol.catalogue.models import LoanCategory, MaterialType

        from .models import LoanRule, PatronGroup

        super().__init__(*args, **kwargs)
        self.fields["patron_group"].choices = [*_ANY, *PatronGroup.choices]
        self.fields["loan_category"].choices = [*_ANY, *LoanCategory.choices]
        self.fields["material_type"].choices = [*_ANY, *MaterialType.choices]
        self.fields["fee_policy"].choices = [("", _("As the next rule")),
                                             *LoanRule.FeePolicy.choices]
        if not new:
            for name in self.CELL:
                del self.fields[name]

    @property
    def FIELD_OF(self) -> dict:  # the name explain() reads
        return {f"bad_{name}": name for name in self.fields}

    def cell(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.CELL if name in self.fields}

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items()
                if name not in self.CELL}
