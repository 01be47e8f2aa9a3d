"""Forms of the patron pages. They only read input; every rule is the services' to apply, so
a choice a form offers is checked again where the decision is made."""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reol import bounds
from reol.catalogue.models import Item, LoanCategory, Record
from reol.libraries.models import BookmobileStop, Branch
from reol.refusals import refuse

from . import rules
from .models import Patron
from .patrons import email_refusal
from .reservations import LENDABLE


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class LoginForm(forms.Form):
    card = forms.CharField(label=_("Library card number"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "username"}))
    pin = forms.CharField(label=_("PIN"), max_length=8, strip=False,
                          widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                                            "inputmode": "numeric"}))
    next = forms.CharField(required=False, widget=forms.HiddenInput)


# --- pickup places: a branch, or a stop of the bookmobile --------------------------------


@dataclass(frozen=True)
class Pickup:
    branch: str  # branch code
    stop: int | None = None


def parse_pickup(value: str) -> Pickup:
    """"randers-hb" or "randers-bogbus:12" (the bookmobile and one of its stops)."""
    code, _, stop = value.partition(":")
    return Pickup(code, int(stop) if stop.isdigit() else None)


def pickup_branches(patron: Patron):
    """Where the patron may collect: their own library's houses, never a deposit collection."""
    return Branch.objects.filter(library=patron.library_id).exclude(kind=Branch.Kind.DEPOSIT)


def pickup_choices(patron: Patron) -> list:
    """Branches first; each bookmobile as a group of its stops, since the bus has no shelf."""
    choices: list = []
    branches = list(pickup_branches(patron))
    stops: dict[int, list[BookmobileStop]] = {}
    for stop in BookmobileStop.objects.filter(branch__in=branches):
        stops.setdefault(stop.branch_id, []).append(stop)
    # Houses first: a patron mostly collects in a house, and Randers' bus has 22 stops.
    branches.sort(key=lambda b: b.kind == Branch.Kind.BOOKMOBILE)
    for branch in branches:
        if branch.kind == Branch.Kind.BOOKMOBILE:
            choices.append((branch.name, [(f"{branch.code}:{s.pk}", s.name)
                                          for s in stops.get(branch.pk, [])]))
        else:
            choices.append((branch.code, branch.name))
    return choices


def pickup_value(branch: Branch | None, stop: BookmobileStop | None = None) -> str:
    if branch is None:
        return ""
    return f"{branch.code}:{stop.pk}" if stop else branch.code


class PickupField(forms.CharField):
    """A select of the patron's pickup places whose value the service still checks."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Pick up at"))
        super().__init__(widget=forms.Select, **kwargs)


class ReserveForm(forms.Form):
    pickup = PickupField()
    interest_until = bounds.DayField(label=_("Not needed after"), widget=DateInput,
                                     help_text=_("If no copy is ready for you by this date, "
                                                 "the reservation ends by itself."))
    item = forms.CharField(label=_("Copy"), required=False, widget=forms.Select)

    def __init__(self, patron: Patron, record: Record, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pickup"].widget.choices = pickup_choices(patron)
        self.copies = list(
            Item.objects.filter(record=record, status__in=LENDABLE)
            .exclude(loan_category=LoanCategory.REFERENCE)
            .select_related("home_branch").order_by("home_branch__name", "barcode")
        )
        self.fields["item"].widget.choices = [("", _("Any copy (fastest)"))] + [
            (c.barcode, f"{c.home_branch.name} · {c.get_status_display()} · {c.barcode}")
            for c in self.copies
        ]


class WorkReserveForm(forms.Form):
    """Reserve a work in one format: any copy of any edition of that format."""

    material_type = forms.CharField(widget=forms.HiddenInput)
    pickup = PickupField()
    interest_until = bounds.DayField(label=_("Not needed after"), widget=DateInput,
                                     help_text=_("If no copy is ready for you by this date, "
                                                 "the reservation ends by itself."))

    def __init__(self, patron: Patron, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pickup"].widget.choices = pickup_choices(patron)


class PickupForm(forms.Form):
    """Change where one reservation is collected; choices are made once per page."""

    pickup = PickupField()

    def __init__(self, choices: list, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pickup"].widget.choices = choices


class PauseForm(forms.Form):
    pause_from = bounds.DayField(label=_("Pause from"), widget=DateInput)
    pause_to = bounds.DayField(label=_("Pause until"), widget=DateInput)


class ProfileForm(forms.Form):
    pickup_branch = forms.CharField(label=_("Preferred pickup branch"), required=False,
                                    widget=forms.Select)
    email = forms.CharField(label=_("Email"), required=False, max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label=_("Mobile phone"), required=False, max_length=20,
                            widget=forms.TextInput(attrs={"autocomplete": "tel",
                                                          "inputmode": "tel"}))
    notify_email = forms.BooleanField(label=_("Send notices by email"), required=False)
    notify_sms = forms.BooleanField(label=_("Send notices by SMS"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    interest_days = forms.IntegerField(
        label=_("Usual interest period (days)"), required=False, min_value=1, max_value=9999,
        help_text=_("How long you usually want to wait for a reservation: 7 to 730 days. "
                    "Empty: the library's standard."))
    pause_from = bounds.DayField(label=_("Pause all reservations from"), required=False,
                                 widget=DateInput)
    pause_to = bounds.DayField(label=_("Pause all reservations until"), required=False,
                               widget=DateInput,
                               help_text=_("While paused, your place in the queues is kept "
                                           "but no copy is sent to you."))
    keep_history = forms.BooleanField(
        label=_("Keep a history of my loans"), required=False,
        help_text=_("Without it, the library forgets who borrowed an item when it is returned. "
                    "If you stop keeping a history, the history kept so far is deleted."))

    FIELDS = ("pickup_branch", "email", "phone", "notify_email", "notify_sms", "language",
              "interest_days", "pause_from", "pause_to", "keep_history")

    def __init__(self, patron: Patron, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {
            **{name: getattr(patron, name) for name in self.FIELDS},
            "pickup_branch": patron.pickup_branch.code if patron.pickup_branch else "",
        })
        super().__init__(*args, **kwargs)
        self.fields["pickup_branch"].widget.choices = [("", _("No preference"))] + [
            (b.code, b.name) for b in pickup_branches(patron)
        ]

    def clean(self) -> dict:
        """What the rules refuse in a profile, said at its field and all at once (the
        service checks again where it decides)."""
        super().clean()
        data = self.cleaned_data
        problems = {
            "email": email_refusal(data.get("email") or ""),
            "interest_days": rules.interest_days_refusal(data.get("interest_days")),
            "pause_to": rules.pause_refusal(data.get("pause_from"), data.get("pause_to")),
        }
        for field, refusal in problems.items():
            if refusal is not None and field not in self.errors:
                self.add_error(field, refusal.message())
        return data

    def changes(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.FIELDS}
        data["pickup_branch"] = data["pickup_branch"] or None
        data["email"], data["phone"] = data["email"].strip(), data["phone"].strip()
        return data


class NameForm(forms.Form):
    """The name of a patron registered without one (reol/fbs): the staff forms' check (not
    empty once spaces are stripped, at most 200 characters), said to the patron."""

    name = forms.CharField(label=_("Your name"), max_length=200)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = refuse("no_name").message()


class PinForm(forms.Form):
    old_pin = forms.CharField(label=_("Current PIN"), max_length=8, strip=False,
                              widget=forms.PasswordInput(attrs={
                                  "autocomplete": "current-password", "inputmode": "numeric"}))
    new_pin = forms.CharField(label=_("New PIN"), max_length=8, strip=False,
                              help_text=_("4 to 8 digits."),
                              widget=forms.PasswordInput(attrs={
                                  "autocomplete": "new-password", "inputmode": "numeric"}))
    new_pin_again = forms.CharField(label=_("New PIN again"), max_length=8, strip=False,
                                    widget=forms.PasswordInput(attrs={
                                        "autocomplete": "new-password", "inputmode": "numeric"}))

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if data.get("new_pin") and data.get("new_pin") != data.get("new_pin_again"):
            self.add_error("new_pin_again", _("The two new PINs are not the same."))
        return data


class SuggestionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    creator = forms.CharField(label=_("Author or creator"), max_length=200, required=False)
    note = forms.CharField(label=_("Anything else (ISBN, edition, why)"), max_length=500,
                           required=False, widget=forms.Textarea(attrs={"rows": 3}))


class NoticesForm(forms.Form):
    """One tick per notice and channel: "email_ready", "sms_due_soon", …"""

    def __init__(self, *args, **kwargs):
        from reol.core.models import Notice

        super().__init__(*args, **kwargs)
        self.kind_labels = dict(Notice.Kind.choices)
        for choice in rules.NOTICE_CHOICES:
            channel = choice.split(":")[0]
            self.fields[choice.replace(":", "_")] = forms.BooleanField(
                required=False, label=_("E-mail") if channel == "email" else _("SMS"))

    @classmethod
    def for_patron(cls, patron: Patron) -> "NoticesForm":
        return cls(initial={c.replace(":", "_"): c not in patron.notices_off
                            for c in rules.NOTICE_CHOICES})

    def wanted(self) -> set[str]:
        return {c for c in rules.NOTICE_CHOICES if self.cleaned_data[c.replace(":", "_")]}

    def by_kind(self) -> list[tuple[object, list]]:
        """(kind's label, [its e-mail and SMS boxes]) for the page."""
        return [(self.kind_labels[kind],
                 [self[f"email_{kind}"], self[f"sms_{kind}"]]) for kind in rules.NOTICE_KINDS]
