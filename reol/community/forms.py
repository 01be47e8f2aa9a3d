"""Forms of the volunteer, exhibition and staff pages: they read input, the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reol import bounds
from reol.errors import DomainError
from reol.refusals import refuse

from . import rules
from .models import VolunteerRole
from .uploads import check_image


class LocalDateTime(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        return value.strftime("%Y-%m-%dT%H:%M") if hasattr(value, "strftime") else value


class DateInput(forms.DateInput):
    input_type = "date"


class LogForm(forms.Form):
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_value=24, decimal_places=2,
                               max_digits=4)
    people_helped = forms.IntegerField(label=_("People helped"), min_value=0, max_value=10000)


class SubmissionForm(forms.Form):
    """The images come from request.FILES.getlist("images") and are checked by the service."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=20, required=False)
    title = forms.CharField(label=_("Title of the work"), max_length=200)
    description = forms.CharField(label=_("About the work"), widget=forms.Textarea(
        attrs={"rows": 4}), max_length=2000, required=False)

    def clean(self):
        """The images are checked with the rest (bound with request.FILES), so a missing name
        and a file that is no image are said together."""
        super().clean()
        data = self.cleaned_data
        images = self.files.getlist("images") if self.files else []
        if not images:
            self.add_error(None, refuse("no_image").message())
        elif len(images) > rules.MAX_IMAGES:
            self.add_error(None, refuse("too_many_images", max_images=rules.MAX_IMAGES)
                           .message())
        else:
            for upload in images:
                try:
                    check_image(upload)
                except DomainError as refusal:
                    self.add_error(None, f"{upload.name}: {refusal.message()}")
        return data


class VolunteerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    card = forms.CharField(label=_("Library card (to log in)"), max_length=20, required=False)
    roles = forms.ModelMultipleChoiceField(
        label=_("Roles"), queryset=VolunteerRole.objects.all(), to_field_name="slug",
        widget=forms.CheckboxSelectMultiple, required=False)


class RoleForm(forms.Form):
    name = forms.CharField(label=_("New role"), max_length=100)


class ShiftForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    role = forms.ModelChoiceField(label=_("Role"), queryset=VolunteerRole.objects.all())
    start = bounds.MomentField(label=_("Starts"), widget=LocalDateTime)
    end = bounds.MomentField(label=_("Ends"), widget=LocalDateTime)
    needed = forms.IntegerField(label=_("Volunteers needed"), min_value=1, max_value=100,
                                initial=1)
    signup_opens = bounds.MomentField(label=_("Sign-up opens (empty: now)"),
                                       widget=LocalDateTime, required=False)
    signup_closes = bounds.MomentField(label=_("Sign-up closes (empty: at the start)"),
                                        widget=LocalDateTime, required=False)
    dropout_deadline = bounds.MomentField(
        label=_("Drop-out deadline (empty: 24 hours before)"), widget=LocalDateTime,
        required=False)

    def clean(self):
        """Every time that does not fit is said at its field, all at once."""
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start is None or end is None or "needed" not in data:
            return data
        times = rules.shift_defaults(start, timezone.now(), data.get("signup_opens"),
                                     data.get("signup_closes"), data.get("dropout_deadline"))
        for field, refusal in rules.shift_problems(start, end, data["needed"], *times).items():
            self.add_error(field, refusal.message())
        return data


class ExhibitionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts = bounds.DayField(label=_("Opens"), widget=DateInput)
    ends = bounds.DayField(label=_("Closes"), widget=DateInput)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(
        attrs={"rows": 4}), required=False)
    open_call = forms.BooleanField(label=_("Open call: citizens may submit works"),
                                   required=False)
    call_deadline = bounds.MomentField(label=_("Deadline for submissions"),
                                        widget=LocalDateTime, required=False)

    def clean(self):
        """A period backwards and an open call without a deadline are said together."""
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts"), data.get("ends")
        if starts is not None and ends is not None and ends < starts:
            self.add_error("ends", refuse("bad_period.exhibition").message())
        if data.get("open_call") and data.get("call_deadline") is None \
                and "call_deadline" not in self.errors:
            self.add_error("call_deadline", refuse("no_deadline").message())
        return data
