"""The patron's own lists and choices on Min side: favourites (huskeliste), purchase
suggestions and which notices reach them how. Each use case one transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from reol.catalogue.models import Record

from . import rules
from .models import Favourite, Patron, PurchaseSuggestion
from .patrons import update


def add_favourite(patron: Patron, record: Record) -> Favourite:
    """Put a title on the patron's list; a title already there stays where it is."""
    try:
        with transaction.atomic():
            return Favourite.objects.create(patron=patron, record=record)
    except IntegrityError:
        return Favourite.objects.get(patron=patron, record=record)


def remove_favourite(patron: Patron, record: Record) -> bool:
    with transaction.atomic():
        return Favourite.objects.filter(patron=patron, record=record).delete()[0] > 0


def suggest_purchase(patron: Patron, title: str, creator: str = "",
                     note: str = "") -> PurchaseSuggestion:
    """A suggestion to the patron's own library, which its collection staff answer."""
    refusal = rules.suggestion_refusal(
        title.strip(), PurchaseSuggestion.objects.filter(
            patron=patron, status=PurchaseSuggestion.Status.NEW).count())
    if refusal:
        raise refusal
    with transaction.atomic():
        return PurchaseSuggestion.objects.create(
            patron=patron, library_id=patron.library_id, title=title.strip()[:300],
            creator=creator.strip()[:200], note=note.strip()[:500])


def decline_suggestion(suggestion: PurchaseSuggestion, reason: str) -> PurchaseSuggestion:
    """Acquisitions staff decline (the caller has checked who may), with a reason the patron
    reads on Min side. The staff record catches the change (reol.core.tracked)."""
    return answer_suggestion(suggestion, PurchaseSuggestion.Status.DECLINED, reason)


def answer_suggestion(suggestion: PurchaseSuggestion, status: str,
                      reason: str = "") -> PurchaseSuggestion:
    """Accepted or declined, once. Accepting comes with an order line: reol.collection's
    `accept_suggestion` calls this in the same transaction as it adds the line."""
    refusal = rules.answer_refusal(status, reason.strip(), suggestion.status)
    if refusal:
        raise refusal
    with transaction.atomic():
        suggestion.status = status
        suggestion.answered = timezone.now()
        suggestion.reason = reason.strip()[:500]
        suggestion.save(update_fields=["status", "answered", "reason"])
    return suggestion


def set_notices(patron: Patron, wanted: set[str]) -> Patron:
    """The patron ticks which notices they want by which channel ("email:ready", …); every
    other combination is turned off. Logged as a profile change (patrons.update)."""
    off = sorted(set(rules.NOTICE_CHOICES) - wanted)
    return update(patron, {"notices_off": off}, by=None)
