"""Forms of the room pages: they parse input; the rules decide."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reol import bounds

from . import rules
from .models import Room

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class BookingForm(forms.Form):
    day = bounds.DayField(label=_("Date"), widget=DATE,
                          error_messages={"invalid": _("Write the date as YYYY-MM-DD.")})
    start = forms.TimeField(label=_("From"), widget=TIME,
                            error_messages={"invalid": _("Write the time as hh:mm.")})
    end = forms.TimeField(label=_("To"), widget=TIME,
                          error_messages={"invalid": _("Write the time as hh:mm.")})
    purpose = forms.CharField(label=_("What for (optional)"), max_length=200, required=False)

    def __init__(self, *args, slot_minutes: int = 60, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.slot_minutes = slot_minutes
        for name in ("start", "end"):
            self.fields[name].widget.attrs["step"] = slot_minutes * 60

    def clean(self):
        """What the rules would refuse whatever the room's calendar says — a day gone by, a
        time backwards or off the slots — is said here, beside every other mistake, instead
        of one refusal at a time after the form."""
        super().clean()
        data = self.cleaned_data
        day = data.get("day")
        if day is not None and day < timezone.localdate():
            self.add_error("day", rules.past_refusal().message())
        if day is not None and data.get("start") is not None and data.get("end") is not None:
            shape = rules.shape_refusal(  # naive wall-clock times, as the rules read them
                datetime.combine(day, data["start"]), datetime.combine(day, data["end"]),
                rules.Terms(slot_minutes=self.slot_minutes))
            if shape is not None:
                self.add_error("end", shape.message())
        return data

    def span(self) -> tuple[datetime, datetime]:
        day = self.cleaned_data["day"]
        return (timezone.make_aware(datetime.combine(day, self.cleaned_data["start"])),
                timezone.make_aware(datetime.combine(day, self.cleaned_data["end"])))


class StaffBookingForm(BookingForm):
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none())
    card = forms.CharField(label=_("Library card (or a name below)"), max_length=20,
                           required=False)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    override = forms.BooleanField(label=_("Override the rules (never another booking)"),
                                  required=False)
    field_order = ["room", "day", "start", "end", "card", "name", "purpose", "override"]

    def __init__(self, *args, rooms=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms if rooms is not None else Room.objects.none()
        for name in ("start", "end"):
            self.fields[name].widget.attrs.pop("step", None)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not (data.get("card") or data.get("name", "").strip()):
            raise forms.ValidationError(_("Give a library card or a name."))
        return data
