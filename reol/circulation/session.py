"""The logged-in patron, kept in the Django session (patrons are not Django users).

A patron's session ends, at their next request, when
- their PIN changes (the session keeps a keyed hash of the PIN hash, as Django does for users'
  passwords), so a new PIN throws out whoever learnt the old one;
- their card is reported lost (an open lost_card block);
- they did nothing for REOL_PATRON_IDLE_MINUTES (15 by default): library PCs are shared, and
  the next person at the screen must not find the last one logged in. Each request moves the
  limit on (sliding expiry).
Only the patron's part of the session is forgotten; a member of staff's log-in stays.
"""

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Block, Patron

KEY = "patron_id"
HASH = "patron_hash"
SEEN = "patron_seen"  # POSIX seconds of the patron's last request
SEEN_STEP = 30  # seconds: the session is saved at most this often just to move SEEN on


def _hash(patron: Patron) -> str:
    return salted_hmac("reol.circulation.session", patron.pin, algorithm="sha256").hexdigest()


def _now() -> float:
    return timezone.now().timestamp()


def log_in(request: HttpRequest, patron: Patron) -> None:
    request.session.cycle_key()  # a new session id at log-in: no session fixation
    request.session[KEY] = patron.pk
    request.session[HASH] = _hash(patron)
    request.session[SEEN] = _now()


def keep(request: HttpRequest, patron: Patron) -> None:
    """After the patron changed their own PIN: this session goes on with a new id."""
    request.session.cycle_key()
    request.session[HASH] = _hash(patron)


def _forget(request: HttpRequest) -> None:
    for key in (KEY, HASH, SEEN):
        request.session.pop(key, None)


def log_out(request: HttpRequest) -> None:
    _forget(request)
    request.session.cycle_key()


def current_patron(request: HttpRequest) -> Patron | None:
    patron_id = request.session.get(KEY)
    if patron_id is None:
        return None
    now, seen = _now(), request.session.get(SEEN)
    if not isinstance(seen, int | float) or now - seen > settings.PATRON_IDLE_MINUTES * 60:
        _forget(request)
        return None
    lost = Block.objects.filter(patron=OuterRef("pk"), code=Block.Code.LOST_CARD,
                                lifted__isnull=True)
    patron = (Patron.objects.select_related("library", "pickup_branch")
              .annotate(lost=Exists(lost)).filter(pk=patron_id).first())
    if patron is None or patron.lost or not constant_time_compare(
        request.session.get(HASH, ""), _hash(patron)
    ):
        _forget(request)
        return None
    if now - seen >= SEEN_STEP:
        request.session[SEEN] = now
    return patron
