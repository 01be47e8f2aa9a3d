"""iCalendar (RFC 5545) feeds of occurrences, written with the icalendar package.

Every stored occurrence is its own VEVENT with a stable UID (`occurrence-<id>@reol`), so a
calendar that subscribes sees single changes and cancellations (STATUS:CANCELLED) as they
are, without re-expanding our rules on its side.
"""

from datetime import datetime

from django.utils import timezone
from icalendar import Calendar, Event, vText

from . import queries
from .models import Occurrence


def calendar(occurrences, name: str, url_of, now: datetime | None = None) -> bytes:
    now = now or timezone.now()
    cal = Calendar()
    cal.add("prodid", "-//reol//events//DA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Copenhagen")
    for occurrence in occurrences:
        cal.add_component(_event(occurrence, url_of(occurrence), now))
    return cal.to_ical()


def _event(occurrence: Occurrence, url: str, now: datetime) -> Event:
    series = occurrence.series
    event = Event()
    event.add("uid", f"occurrence-{occurrence.pk}@reol")
    event.add("dtstamp", now)
    event.add("dtstart", occurrence.start)
    event.add("dtend", occurrence.end)
    event.add("summary", series.title)
    if series.description:
        event.add("description", series.description)
    where = queries.place(occurrence)
    if where:
        event.add("location", vText(where))
    event.add("categories", [series.category])
    event.add("url", url)
    event.add("status", "CANCELLED" if occurrence.status == "cancelled" else "CONFIRMED")
    return event
