"""Forms of the event pages: they read what people type; the services decide."""

from datetime import datetime, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from reol import bounds
from reol.errors import DomainError
from reol.refusals import refuse

from . import rules
from .models import AgeGroup, Audience, Category, Partner
from .services import Scope, SeriesData, local


class CalendarFilter(forms.Form):
    start = bounds.DayField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = bounds.DayField(label=_("To"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))
    branch = forms.ChoiceField(label=_("Library"), required=False)
    audience = forms.ChoiceField(label=_("For"), required=False,
                                 choices=[("", _("Everyone")), *Audience.choices])
    category = forms.ChoiceField(label=_("Kind of event"), required=False,
                                 choices=[("", _("All kinds")), *Category.choices])

    def __init__(self, *args, branches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [("", _("All libraries")),
                                         *[(b.code, b.name) for b in branches]]


class GuestForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.CharField(label=_("Your email"), max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    party_size = forms.IntegerField(label=_("Number of people"), min_value=1,
                                    max_value=rules.MAX_PARTY, initial=1)

    def clean_email(self) -> str:
        """Said beside a missing name or a party too large, not after them."""
        try:
            return rules.check_email(self.cleaned_data["email"])
        except DomainError as refusal:
            raise forms.ValidationError(refusal.message()) from None


class PatronForm(forms.Form):
    party_size = forms.IntegerField(label=_("Number of people"), min_value=1,
                                    max_value=rules.MAX_PARTY, initial=1)


class SeriesForm(forms.Form):
    """A series, or an edit of one from a given occurrence on."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    category = forms.ChoiceField(label=_("Kind of event"), choices=Category.choices)
    audiences = forms.MultipleChoiceField(label=_("For"), choices=Audience.choices,
                                          required=False, widget=forms.CheckboxSelectMultiple)
    branch = forms.ChoiceField(label=_("Library"), required=False)
    venue_name = forms.CharField(label=_("Or an outside venue"), max_length=200, required=False)
    venue_address = forms.CharField(label=_("Address of the venue"), max_length=300,
                                    required=False)
    first_start = bounds.MomentField(label=_("Starts"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1,
                                          initial=60)
    setup_minutes = forms.IntegerField(label=_("Setup before (minutes)"), min_value=0,
                                       initial=0)
    teardown_minutes = forms.IntegerField(label=_("Teardown after (minutes)"), min_value=0,
                                          initial=0)
    rule = forms.CharField(label=_("Repeats (RFC 5545 rule)"), required=False, max_length=300,
                           help_text=_("E.g. FREQ=WEEKLY;BYDAY=WE · FREQ=MONTHLY;BYDAY=2WE,4WE "
                                       "· FREQ=MONTHLY;BYDAY=-1SA. Empty: once."))
    extra_dates = forms.CharField(label=_("Also on these dates"), required=False,
                                  help_text=_("YYYY-MM-DD, separated by commas"))
    exception_dates = forms.CharField(label=_("Not on these dates"), required=False,
                                      help_text=_("YYYY-MM-DD, separated by commas"))
    capacity = forms.IntegerField(label=_("Places"), min_value=1, required=False,
                                  help_text=_("Empty: no limit"))
    registration_required = forms.BooleanField(label=_("Registration needed"), required=False)
    registration_opens_days = forms.IntegerField(
        label=_("Registration opens (days before)"), min_value=0, required=False)
    price = forms.DecimalField(label=_("Price (kr.)"), min_value=0, initial=0,
                               decimal_places=2)
    partners = forms.MultipleChoiceField(label=_("Partners"), required=False,
                                         widget=forms.CheckboxSelectMultiple)
    sdgs = forms.CharField(label=_("Sustainable Development Goals"), required=False,
                           help_text=_("Numbers 1–17, separated by commas"))
    scope = forms.ChoiceField(label=_("Apply the change to"), required=False, choices=[
        (Scope.THIS, _("This occurrence")), (Scope.FOLLOWING, _("This and the following")),
        (Scope.ALL, _("All that have not taken place"))], widget=forms.RadioSelect,
        initial=Scope.THIS)

    def __init__(self, *args, branches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [("", "—"), *[(b.code, b.name) for b in branches]]
        self.fields["partners"].choices = list(Partner.objects.values_list("slug", "name"))

    # Every mistake the rules can see in the form alone is said at once, each at its field,
    # instead of the service refusing the first of them after the form was accepted.

    def clean_sdgs(self) -> list[int]:
        try:
            goals = [int(x) for x in self.cleaned_data["sdgs"].replace(" ", "").split(",") if x]
            return rules.check_sdgs(goals)
        except ValueError:
            raise forms.ValidationError(refuse("bad_sdg").message()) from None
        except DomainError as refusal:
            raise forms.ValidationError(refusal.message()) from None

    def _dates(self, name: str) -> list:
        try:
            return rules.parse_dates(self.cleaned_data[name])
        except DomainError as refusal:
            raise forms.ValidationError(refusal.message()) from None

    def clean_extra_dates(self) -> list:
        return self._dates("extra_dates")

    def clean_exception_dates(self) -> list:
        return self._dates("exception_dates")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not data.get("branch") and not (data.get("venue_name") or "").strip():
            self.add_error("venue_name", refuse("no_place").message())
        duration, setup, teardown = (data.get(f) for f in (
            "duration_minutes", "setup_minutes", "teardown_minutes"))
        if duration is not None and setup is not None and teardown is not None:
            try:
                rules.check_minutes(duration, setup, teardown)
            except DomainError as refusal:
                self.add_error("duration_minutes" if refusal.code == "bad_duration"
                               else "setup_minutes", refusal.message())
        first = data.get("first_start")
        if first is not None and "rule" in data:  # a bad date list is said at its own field
            first = local(first)
            text = rules.recurrence_text(data["rule"], data.get("extra_dates") or [],
                                         data.get("exception_dates") or [], first.time())
            try:
                rules.expand(text, first, first, first + timedelta(days=366))
            except DomainError as refusal:
                self.add_error("rule", refusal.message())
        return data

    def data_for(self, agency: str) -> SeriesData:
        """The plain values of a valid form."""
        d = self.cleaned_data
        sdgs = d["sdgs"]
        return SeriesData(
            library=agency, title=d["title"], description=d["description"],
            category=d["category"], audiences=d["audiences"], branch=d["branch"],
            venue_name=d["venue_name"], venue_address=d["venue_address"],
            first_start=d["first_start"], duration_minutes=d["duration_minutes"],
            setup_minutes=d["setup_minutes"], teardown_minutes=d["teardown_minutes"],
            rule=d["rule"], extra_dates=d["extra_dates"],
            exception_dates=d["exception_dates"], capacity=d["capacity"],
            registration_required=d["registration_required"],
            registration_opens_days=d["registration_opens_days"], price=d["price"],
            partners=d["partners"], sdgs=sdgs)

    @staticmethod
    def initial_of(data: SeriesData, start: datetime | None = None) -> dict:
        return {
            **{k: getattr(data, k) for k in (
                "title", "description", "category", "audiences", "branch", "venue_name",
                "venue_address", "duration_minutes", "setup_minutes", "teardown_minutes",
                "rule", "capacity", "registration_required", "registration_opens_days",
                "price", "partners")},
            "first_start": start or data.first_start,
            "extra_dates": ", ".join(d.isoformat() for d in data.extra_dates),
            "exception_dates": ", ".join(d.isoformat() for d in data.exception_dates),
            "sdgs": ", ".join(str(g) for g in data.sdgs),
        }


class AttendanceForm(forms.Form):
    """Registered people who came and walk-ins, per age group."""

    def __init__(self, *args, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in AgeGroup.choices:
            self.fields[f"registered_{value}"] = forms.IntegerField(
                label=label, min_value=0, initial=0)
            self.fields[f"walk_ins_{value}"] = forms.IntegerField(
                label=label, min_value=0, initial=0)
        self.fields["came"] = forms.MultipleChoiceField(
            label=_("Registered who came"), required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(str(r.pk), f"{r.name} × {r.party_size}") for r in registrations])

    def rows(self):
        """(label, registered field, walk-ins field) per age group, for the table."""
        return [(label, self[f"registered_{v}"], self[f"walk_ins_{v}"])
                for v, label in AgeGroup.choices]
