"""Volunteers' use cases: profiles, shifts, signing up and dropping out, logging the work,
reminders and the yearly figures. Each use case is one transaction; rules.py decides."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.template.loader import render_to_string
from django.utils import translation

from reol.circulation.models import Patron
from reol.core.access import require_staff
from reol.errors import DomainError
from reol.libraries.models import Branch, Library
from reol.refusals import refuse

from . import rules
from .models import Shift, ShiftSignup, Volunteer, VolunteerRole

logger = logging.getLogger(__name__)
SIGNED_UP = ShiftSignup.Status.SIGNED_UP


def check_email(email: str) -> None:
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise refuse("bad_email.named", email=email) from None


@dataclass
class VolunteerData:
    name: str
    email: str = ""
    phone: str = ""
    roles: tuple[str, ...] = ()  # role slugs
    card: str = ""  # the patron card the volunteer logs in with, if any
    active: bool = True
    language: str = "da"


@transaction.atomic
def save_volunteer(library: Library, data: VolunteerData, *, by=None,
                   volunteer: Volunteer | None = None) -> Volunteer:
    if by is not None:
        require_staff(by, library.pk)
    if not data.name.strip():
        raise refuse("no_name.volunteer")
    check_email(data.email.strip())
    patron = None
    if data.card.strip():
        patron = Patron.objects.filter(card=data.card.strip(), library=library).first()
        if patron is None:
            raise refuse("unknown_card.volunteer", card=data.card)
        taken = Volunteer.objects.filter(patron=patron)
        if volunteer is not None:
            taken = taken.exclude(pk=volunteer.pk)
        if taken.exists():
            raise refuse("card_taken.volunteer")
    roles = list(VolunteerRole.objects.filter(slug__in=data.roles))
    volunteer = volunteer or Volunteer(library=library)
    volunteer.name, volunteer.email = data.name.strip(), data.email.strip()
    volunteer.phone, volunteer.patron = data.phone.strip(), patron
    volunteer.active, volunteer.language = data.active, data.language
    volunteer.save()
    volunteer.roles.set(roles)
    return volunteer


@dataclass
class ShiftData:
    branch: Branch
    role: VolunteerRole
    title: str
    start: datetime
    end: datetime
    needed: int = 1
    signup_opens: datetime | None = None  # default: now
    signup_closes: datetime | None = None  # default: the start
    dropout_deadline: datetime | None = None  # default: 24 hours before the start
    occurrence_id: int | None = None


@transaction.atomic
def create_shift(data: ShiftData, now: datetime, *, by=None) -> Shift:
    if by is not None:
        require_staff(by, data.branch.library_id)
    if not data.title.strip():
        raise refuse("no_title.shift")
    opens, closes, dropout = rules.shift_defaults(
        data.start, now, data.signup_opens, data.signup_closes, data.dropout_deadline)
    refusal = rules.shift_refusal(data.start, data.end, data.needed, opens, closes, dropout)
    if refusal:
        raise refusal
    return Shift.objects.create(
        branch=data.branch, role=data.role, title=data.title.strip(), start=data.start,
        end=data.end, needed=data.needed, signup_opens=opens, signup_closes=closes,
        dropout_deadline=dropout, occurrence_id=data.occurrence_id)


def shift_for_occurrence(occurrence, role: VolunteerRole, now: datetime, *, needed: int = 1,
                         branch: Branch | None = None, by=None) -> Shift:
    """Crew for an event occurrence: from its setup to its teardown, at its branch (or the
    branch that runs an event held outside the library)."""
    branch = branch or occurrence.branch or occurrence.series.branch
    if branch is None:
        raise refuse("no_branch")
    return create_shift(ShiftData(
        branch=branch, role=role, title=occurrence.series.title, start=occurrence.setup_start,
        end=occurrence.teardown_end, needed=needed, occurrence_id=occurrence.pk), now, by=by)


# --- seeing and taking shifts ------------------------------------------------------------


def _taken(shift: Shift) -> int:
    return shift.signups.filter(status=SIGNED_UP).count()


def _busy(volunteer: Volunteer, but: Shift | None = None) -> tuple[tuple[datetime, datetime], ...]:
    mine = ShiftSignup.objects.filter(volunteer=volunteer, status=SIGNED_UP,
                                      shift__cancelled=False)
    if but is not None:
        mine = mine.exclude(shift=but)
    return tuple(mine.values_list("shift__start", "shift__end"))


def _views(volunteer: Volunteer, shift: Shift, taken: int, role_ids: frozenset[int],
           busy, signed_up: bool) -> tuple[rules.ShiftView, rules.VolunteerView]:
    return (
        rules.ShiftView(shift.start, shift.end, shift.role_id, shift.role.name, shift.needed,
                        taken, shift.signup_opens, shift.signup_closes, shift.cancelled),
        rules.VolunteerView(role_ids, volunteer.active, signed_up, busy),
    )


@dataclass
class OpenShift:
    shift: Shift
    taken: int
    refusal: DomainError | None  # why this volunteer cannot take it; None: they can

    @property
    def places_left(self) -> int:
        return max(self.shift.needed - self.taken, 0)


def open_shifts(volunteer: Volunteer, now: datetime, days: int = 60) -> list[OpenShift]:
    """Coming shifts at the volunteer's library they have not taken, each with the reason it
    cannot be taken (or None)."""
    shifts = (Shift.objects.filter(branch__library=volunteer.library_id, cancelled=False,
                                   start__gt=now, start__lt=now + timedelta(days=days))
              .exclude(pk__in=ShiftSignup.objects.filter(volunteer=volunteer, status=SIGNED_UP)
                       .values("shift"))
              .select_related("role", "branch")
              .annotate(taken=Count("signups", filter=Q(signups__status=SIGNED_UP))))
    role_ids = frozenset(volunteer.roles.values_list("pk", flat=True))
    busy = _busy(volunteer)
    result = []
    for shift in shifts:
        views = _views(volunteer, shift, shift.taken, role_ids, busy, False)
        result.append(OpenShift(shift, shift.taken, rules.signup_refusal(*views, now)))
    return result


def my_signups(volunteer: Volunteer) -> list[ShiftSignup]:
    return list(ShiftSignup.objects.filter(volunteer=volunteer, status=SIGNED_UP)
                .select_related("shift__role", "shift__branch").order_by("shift__start"))


def sign_up(volunteer: Volunteer, shift_id: int, now: datetime) -> ShiftSignup:
    """Take a shift. The volunteer's and the shift's rows are locked, so two volunteers taking
    the last place at once, or one volunteer two overlapping shifts, cannot both succeed."""
    try:
        with transaction.atomic():
            volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
            shift = Shift.objects.select_for_update().filter(pk=shift_id).first()
            if shift is None or shift.branch.library_id != volunteer.library_id:
                raise refuse("unknown_shift")
            signed_up = shift.signups.filter(volunteer=volunteer, status=SIGNED_UP).exists()
            role_ids = frozenset(volunteer.roles.values_list("pk", flat=True))
            views = _views(volunteer, shift, _taken(shift), role_ids,
                           _busy(volunteer, but=shift), signed_up)
            refusal = rules.signup_refusal(*views, now)
            if refusal:
                raise refusal
            return ShiftSignup.objects.create(shift=shift, volunteer=volunteer, signed_up=now)
    except IntegrityError:
        raise refuse("already_signed_up") from None


def _own_signup(volunteer: Volunteer, signup_id: int) -> ShiftSignup:
    signup = (ShiftSignup.objects.select_for_update().select_related("shift")
              .filter(pk=signup_id, volunteer=volunteer).first())
    if signup is None:
        raise refuse("unknown_signup")
    return signup


@transaction.atomic
def drop_out(volunteer: Volunteer, signup_id: int, now: datetime) -> ShiftSignup:
    signup = _own_signup(volunteer, signup_id)
    if signup.status != SIGNED_UP:
        raise refuse("not_signed_up")
    refusal = rules.dropout_refusal(signup.shift.dropout_deadline, signup.shift.start, now)
    if refusal:
        raise refusal
    signup.status, signup.dropped = ShiftSignup.Status.DROPPED, now
    signup.save(update_fields=["status", "dropped"])
    return signup


@transaction.atomic
def log_work(volunteer: Volunteer, signup_id: int, hours: Decimal, people_helped: int,
             now: datetime) -> ShiftSignup:
    """Hours worked and citizens helped on one shift; may be corrected later."""
    signup = _own_signup(volunteer, signup_id)
    if signup.status != SIGNED_UP:
        raise refuse("not_signed_up")
    refusal = rules.log_refusal(signup.shift.start, now, Decimal(hours), people_helped)
    if refusal:
        raise refusal
    signup.hours, signup.people_helped, signup.logged = Decimal(hours), people_helped, now
    signup.save(update_fields=["hours", "people_helped", "logged"])
    return signup


def staff_log_work(user, signup_id: int, hours: Decimal, people_helped: int,
                   now: datetime) -> ShiftSignup:
    """Staff log on behalf of a volunteer (who has no card, say)."""
    signup = ShiftSignup.objects.select_related("shift__branch", "volunteer").get(pk=signup_id)
    require_staff(user, signup.shift.branch.library_id)
    return log_work(signup.volunteer, signup_id, hours, people_helped, now)


# --- reminders and figures ------------------------------------------------------------------


def send_reminders(now: datetime) -> int:
    """Remind each signed-up volunteer the day before their shift, never twice: the row is
    claimed with a conditional UPDATE before the mail goes, so overlapping runs send once."""
    due = (ShiftSignup.objects.filter(status=SIGNED_UP, reminded__isnull=True,
                                      shift__cancelled=False, shift__start__gt=now,
                                      shift__start__lt=now + timedelta(days=2))
           .select_related("shift__branch", "shift__role", "volunteer"))
    sent = 0
    for signup in due:
        if not rules.reminder_due(signup.shift.start, now):
            continue
        claimed = ShiftSignup.objects.filter(pk=signup.pk, reminded__isnull=True).update(
            reminded=now)
        if not claimed or not signup.volunteer.email:
            continue
        try:
            _mail_reminder(signup)
        except Exception as error:  # at most once: a failed mail is logged, not retried
            logger.warning("shift reminder %s failed: %s", signup.pk, error)
            continue
        sent += 1
    return sent


def _mail_reminder(signup: ShiftSignup) -> None:
    with translation.override(signup.volunteer.language or "da"):
        context = {"signup": signup, "shift": signup.shift, "volunteer": signup.volunteer}
        subject = render_to_string("community/mail/reminder.subject.txt", context).strip()
        body = render_to_string("community/mail/reminder.txt", context).strip()
    mail.send_mail(subject, body, None, [signup.volunteer.email])


@dataclass
class Helped:
    year: int
    volunteers: int
    shifts: int
    hours: Decimal
    people_helped: int


def helped_per_year(library: Library, year: int) -> Helped:
    """What the library's volunteers did in a year (by local start of their shifts): how many
    volunteers served, on how many shifts, for how many hours, helping how many citizens."""
    done = ShiftSignup.objects.filter(
        status=SIGNED_UP, shift__branch__library=library, shift__start__year=year,
        shift__cancelled=False, logged__isnull=False)
    figures = done.aggregate(
        volunteers=Count("volunteer", distinct=True), shifts=Count("shift", distinct=True),
        hours=Sum("hours"), people=Sum("people_helped"))
    return Helped(year, figures["volunteers"], figures["shifts"],
                  figures["hours"] or Decimal(0), figures["people"] or 0)
