"""A record merged into another (catalogue/merging.py), as lending sees it: the reservations
move with their `placed`, so the survivor's queue is both queues in the order patrons joined
them; a patron who waited on both records keeps one place, the one nearest to a copy (one
with a copy on its way or on the hold shelf, else the earlier), and the other waiting one is
cancelled as "merged"."""

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from .models import Reservation

MERGED = "merged"


def move_reservations(loser_id: int, survivor_id: int) -> int:
    moved = Reservation.objects.filter(record_id=loser_id).update(record_id=survivor_id)
    active = (Reservation.objects.filter(record_id=survivor_id, status__in=Reservation.ACTIVE)
              .annotate(waiting=Case(When(status=Reservation.Status.WAITING, then=Value(1)),
                                     default=Value(0), output_field=IntegerField()))
              .order_by("patron_id", "waiting", "placed", "id")
              .values_list("pk", "patron_id", "status"))
    kept: set[int] = set()
    twice = []
    for pk, patron_id, status in active:
        if patron_id in kept and status == Reservation.Status.WAITING:
            twice.append(pk)
        kept.add(patron_id)
    Reservation.objects.filter(pk__in=twice).update(
        status=Reservation.Status.CANCELLED, closed=timezone.now(), closed_reason=MERGED)
    return moved
