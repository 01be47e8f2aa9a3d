"""The patron's room bookings, for Min side (circulation draws the page, rooms this part)."""

from django import template

from reol.circulation.models import Patron

from ..services import bookings_of

register = template.Library()


@register.inclusion_tag("rooms/_mine.html")
def my_room_bookings(patron: Patron) -> dict:
    return {"bookings": bookings_of(patron)}
