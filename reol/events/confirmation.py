"""A guest's registration takes a seat only once the guest has shown that the email address is
theirs: asking sends a mail with a signed, time-limited link (django.core.signing); following
it registers, if the event still has room (or puts them on the waiting list, as usual).

Asking is limited per source address and per email address (rules.GUEST_LIMITS), counted in
RegistrationAttempt rows, so nobody can flood an inbox or hold places with made-up addresses.
A patron who is logged in registers at once (registration.register), as before.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from reol.core import addresses
from reol.refusals import refuse

from . import mail, rules
from .models import Registration, RegistrationAttempt
from .registration import duplicate_refusal, locked_occurrence, register, window

SALT = "reol.events.confirm"


def client_address(request: HttpRequest) -> str:
    """The address a guest's request came from, as far as reol trusts its proxies."""
    return addresses.client_address(request)[:45] or "unknown"


@dataclass
class Pending:
    email: str
    expires: datetime


@transaction.atomic
def ask(occurrence_id: int, *, name: str, email: str, party_size: int = 1,
        language: str = "da", address: str, now: datetime | None = None) -> Pending:
    """Check what can be checked now, count the attempt and mail the guest a link that
    registers them. Takes no place."""
    now = now or timezone.now()
    occurrence = locked_occurrence(occurrence_id)
    refusal = rules.registration_refusal(
        now=now, start=occurrence.start, cancelled=occurrence.status == "cancelled",
        required=occurrence.series.registration_required, window=window(occurrence),
        party_size=party_size)
    if refusal:
        raise refusal
    name = name.strip()[:200]
    if not name:
        raise refuse("no_name")
    email = rules.check_email(email)
    if occurrence.registrations.exclude(status=Registration.Status.CANCELLED).filter(
            email=email).exists():
        raise duplicate_refusal()
    since = now - rules.ATTEMPT_WINDOW
    recent = RegistrationAttempt.objects.filter(created__gte=since)
    too_many = rules.guest_attempt_refusal(recent.filter(address=address).count(),
                                           recent.filter(email=email).count())
    if too_many:
        raise too_many
    attempt = RegistrationAttempt.objects.create(occurrence=occurrence, address=address,
                                                 email=email, created=now)
    token = signing.dumps({"o": occurrence.pk, "n": name, "e": email, "p": party_size,
                           "l": language}, salt=SALT, compress=True)
    mail.queue_confirmation(occurrence, attempt.pk, name=name, email=email,
                            party_size=party_size, language=language, token=token, now=now)
    return Pending(email=email, expires=now + rules.CONFIRM_WITHIN)


def read(token: str) -> dict:
    """What a confirmation link asks for; refuses a link that is forged or too old."""
    try:
        data = signing.loads(token, salt=SALT,
                             max_age=rules.CONFIRM_WITHIN.total_seconds())
    except signing.SignatureExpired:
        raise refuse("link_expired") from None
    except signing.BadSignature:
        raise refuse("bad_token") from None
    return data


def confirm(token: str, now: datetime | None = None) -> Registration:
    """Follow the link: register the guest now, if there is still room (else the waiting
    list). Following it twice does not register twice."""
    data = read(token)
    return register(data["o"], name=data["n"], email=data["e"], party_size=data["p"],
                    language=data["l"], now=now)
